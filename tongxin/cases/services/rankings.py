"""Writes to evaluations: criteria and values while in draft, then reviewed by the
department and published by a leader, which freezes the results."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.cases.models import (
    Criterion,
    CriterionValue,
    Enterprise,
    Ranking,
    RankingResult,
    RankingState,
)
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import ledger_record
from tongxin.core import clock

NOT_DRAFT = _("该评选已审核或发布，不能再修改；如需修改请先退回编制。")
PUBLISHED_FROZEN = _("该评选已发布，结果已冻结，不能修改。")
WEIGHT_NOT_POSITIVE = _("权重应大于零。")
DUPLICATE_EVALUATION = _("{year}年的“{name}”已存在。")
NO_ENTRANTS = _("还没有任何企业的指标数值，不能审核。")
WRONG_EVALUATION_STATE = _("该评选当前状态为“{state}”，不能执行此操作。")


def _is(user, *roles) -> bool:
    return user.is_authenticated and user.role in roles


def _locked(evaluation: Ranking) -> Ranking:
    return Ranking.objects.select_for_update().get(pk=evaluation.pk)


def _require_draft(evaluation: Ranking) -> None:
    if evaluation.state != RankingState.DRAFT:
        raise ValidationError(NOT_DRAFT)


@transaction.atomic
def ranking_create(*, actor: User, name: str, year: int, unit: Unit, size: int = 50) -> Ranking:
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    if Ranking.objects.filter(name=name.strip(), year=year).exists():
        raise ValidationError({"name": DUPLICATE_EVALUATION.format(year=year, name=name)})
    evaluation = Ranking.objects.create(
        name=name.strip(), year=year, unit=unit, size=size, created_by=actor
    )
    audit_log(
        actor=actor,
        action="evaluation.create",
        obj=evaluation,
        unit=unit,
        after={"name": evaluation.name, "year": year, "size": size},
    )
    return evaluation


@transaction.atomic
def ranking_criterion_add(
    *,
    actor: User,
    evaluation: Ranking,
    name: str,
    weight: Decimal,
    higher_is_better: bool = True,
) -> Criterion:
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    if weight is None or weight <= 0:
        raise ValidationError({"weight": WEIGHT_NOT_POSITIVE})
    criterion, _ = Criterion.objects.update_or_create(
        evaluation=evaluation,
        name=name.strip(),
        defaults={
            "weight": weight,
            "higher_is_better": higher_is_better,
            "sort_order": evaluation.criteria.count(),
        },
    )
    audit_log(
        actor=actor,
        action="evaluation.criterion",
        obj=evaluation,
        unit=evaluation.unit,
        after={"name": criterion.name, "weight": str(weight), "higher": higher_is_better},
    )
    return criterion


@transaction.atomic
def ranking_values_set(
    *, actor: User, evaluation: Ranking, enterprise: Enterprise, values: dict
) -> int:
    """Set the enterprise's values (criterion → Decimal; None removes one)."""
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    changed = {}
    for criterion, value in values.items():
        if criterion.evaluation_id != evaluation.pk:
            raise ValueError("criterion of another evaluation")
        if value is None:
            CriterionValue.objects.filter(criterion=criterion, enterprise=enterprise).delete()
        else:
            CriterionValue.objects.update_or_create(
                criterion=criterion, enterprise=enterprise, defaults={"value": value}
            )
        changed[criterion.name] = None if value is None else str(value)
    audit_log(
        actor=actor,
        action="evaluation.values",
        obj=evaluation,
        unit=evaluation.unit,
        after={"enterprise": enterprise.pk, "values": changed},
    )
    return len(changed)


def _transition(*, actor, evaluation, allowed_from, to, action, **fields) -> Ranking:
    current = _locked(evaluation)
    if current.state == RankingState.PUBLISHED:
        raise ValidationError(PUBLISHED_FROZEN)
    if current.state not in allowed_from:
        raise ValidationError(WRONG_EVALUATION_STATE.format(state=current.get_state_display()))
    before = current.state
    current.state = to
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=["state", *fields])
    audit_log(
        actor=actor,
        action=action,
        obj=current,
        unit=current.unit,
        before={"state": before},
        after={"state": to},
    )
    return current


@transaction.atomic
def ranking_review(*, actor: User, evaluation: Ranking) -> Ranking:
    """The department checks the criteria and values: the draft becomes reviewed."""
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    if not CriterionValue.objects.filter(criterion__evaluation=evaluation).exists():
        raise ValidationError(NO_ENTRANTS)
    return _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={RankingState.DRAFT},
        to=RankingState.REVIEWED,
        action="evaluation.review",
        reviewed_by=actor,
        reviewed_at=clock.now(),
    )


@transaction.atomic
def ranking_reopen(*, actor: User, evaluation: Ranking) -> Ranking:
    if not _is(actor, Role.EDITOR, Role.LEADER):
        raise PermissionDenied(NO_PERMISSION)
    return _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={RankingState.REVIEWED},
        to=RankingState.DRAFT,
        action="evaluation.reopen",
        reviewed_by=None,
        reviewed_at=None,
    )


@transaction.atomic
def ranking_publish(
    *, actor: User, evaluation: Ranking, published_on: dt.date | None = None
) -> Ranking:
    """A leader publishes a reviewed evaluation: the ranking is computed once more and
    stored, and from then on nothing about it changes. The publication is a ranking
    record of the organising unit (企业评选与榜单, as many as were ranked, tagged with
    the evaluation's name), written by the editor who reviewed it and approved by the
    leader, dated `published_on` (the day it was announced; by default today)."""
    from tongxin.cases.selectors import ranking_rows

    if not _is(actor, Role.LEADER):
        raise PermissionDenied(NO_PERMISSION)
    ranking = ranking_rows(_locked(evaluation))
    current = _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={RankingState.REVIEWED},
        to=RankingState.PUBLISHED,
        action="evaluation.publish",
        published_by=actor,
        published_at=clock.now(),
    )
    RankingResult.objects.bulk_create(
        RankingResult(evaluation=current, enterprise=s.entrant, score=s.score, rank=s.rank)
        for s in ranking
    )
    if ranking:
        # i18n: data (stored in the ledger record it writes)
        ledger_record(
            actor=current.reviewed_by,
            reviewer=actor,
            unit=current.unit,
            type_code="ranking",
            date=published_on or clock.today(),
            title=f"发布{current.year}年“{current.name}”",
            description="、".join(s.entrant.name for s in ranking[:10]) + "等入选。",
            count=len(ranking),
            tags=[current.name],
            is_illustrative=all(s.entrant.is_illustrative for s in ranking),
        )
    audit_log(
        actor=actor,
        action="evaluation.results",
        obj=current,
        unit=current.unit,
        after={"results": [[s.rank, s.entrant.pk, str(s.score)] for s in ranking]},
    )
    return current
