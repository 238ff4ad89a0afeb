"""Writes to evaluations: criteria and values while in draft, then reviewed by the
department and published by a leader, which freezes the results."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.cases.models import (
    Criterion,
    CriterionValue,
    Enterprise,
    Evaluation,
    EvaluationResult,
    EvaluationState,
)
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import ledger_record

NOT_DRAFT = "该评选已审核或发布，不能再修改；如需修改请先退回编制。"
PUBLISHED_FROZEN = "该评选已发布，结果已冻结，不能修改。"
WEIGHT_NOT_POSITIVE = "权重应大于零。"
DUPLICATE_EVALUATION = "{year}年的“{name}”已存在。"
NO_ENTRANTS = "还没有任何企业的指标数值，不能审核。"
WRONG_EVALUATION_STATE = "该评选当前状态为“{state}”，不能执行此操作。"


def _is(user, *roles) -> bool:
    return user.is_authenticated and user.role in roles


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.state != EvaluationState.DRAFT:
        raise ValidationError(NOT_DRAFT)


@transaction.atomic
def evaluation_create(
    *, actor: User, name: str, year: int, unit: Unit, size: int = 50
) -> Evaluation:
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    if Evaluation.objects.filter(name=name.strip(), year=year).exists():
        raise ValidationError({"name": DUPLICATE_EVALUATION.format(year=year, name=name)})
    evaluation = Evaluation.objects.create(
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
def evaluation_criterion_add(
    *,
    actor: User,
    evaluation: Evaluation,
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
def evaluation_values_set(
    *, actor: User, evaluation: Evaluation, enterprise: Enterprise, values: dict
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


def _transition(*, actor, evaluation, allowed_from, to, action, **fields) -> Evaluation:
    current = _locked(evaluation)
    if current.state == EvaluationState.PUBLISHED:
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
def evaluation_review(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """The department checks the criteria and values: the draft becomes reviewed."""
    if not _is(actor, Role.EDITOR):
        raise PermissionDenied(NO_PERMISSION)
    if not CriterionValue.objects.filter(criterion__evaluation=evaluation).exists():
        raise ValidationError(NO_ENTRANTS)
    return _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={EvaluationState.DRAFT},
        to=EvaluationState.REVIEWED,
        action="evaluation.review",
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def evaluation_reopen(*, actor: User, evaluation: Evaluation) -> Evaluation:
    if not _is(actor, Role.EDITOR, Role.LEADER):
        raise PermissionDenied(NO_PERMISSION)
    return _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={EvaluationState.REVIEWED},
        to=EvaluationState.DRAFT,
        action="evaluation.reopen",
        reviewed_by=None,
        reviewed_at=None,
    )


@transaction.atomic
def evaluation_publish(
    *, actor: User, evaluation: Evaluation, published_on: dt.date | None = None
) -> Evaluation:
    """A leader publishes a reviewed evaluation: the ranking is computed once more and
    stored, and from then on nothing about it changes. The publication is a ranking
    record of the organising unit (企业评选与榜单, as many as were ranked, tagged with
    the evaluation's name), written by the editor who reviewed it and approved by the
    leader, dated `published_on` (the day it was announced; by default today)."""
    from tongxin.cases.selectors import evaluation_ranking

    if not _is(actor, Role.LEADER):
        raise PermissionDenied(NO_PERMISSION)
    ranking = evaluation_ranking(_locked(evaluation))
    current = _transition(
        actor=actor,
        evaluation=evaluation,
        allowed_from={EvaluationState.REVIEWED},
        to=EvaluationState.PUBLISHED,
        action="evaluation.publish",
        published_by=actor,
        published_at=timezone.now(),
    )
    EvaluationResult.objects.bulk_create(
        EvaluationResult(evaluation=current, enterprise=s.entrant, score=s.score, rank=s.rank)
        for s in ranking
    )
    if ranking:
        ledger_record(
            actor=current.reviewed_by,
            reviewer=actor,
            unit=current.unit,
            type_code="ranking",
            date=published_on or timezone.localdate(),
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
