"""Duty reports and the democratic evaluation (民主测评). A rater's vote is only
ever added to per-unit counters, in the same transaction that marks the token used:
the system knows which tokens were used, never how anyone voted."""

import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.assessment.models import (
    AnonymousEvaluation,
    DutyReport,
    EvaluationTally,
    EvaluationToken,
    Grade,
    ItemKind,
    Scheme,
    SchemeItem,
)
from tongxin.assessment.services.schemes import (
    NO_PERMISSION,
    UNIT_NOT_IN_SCHEME,
    _require_draft,
    _require_editor,
    manual_score_set,
)
from tongxin.audit.services import audit_log

TOKEN_USED = _("该测评链接已使用，每个链接只能提交一次。")
EVALUATION_CLOSED = _("本次测评已结束。")
NOT_MANUAL_ITEM = _("测评结果只能计入“评分项”。")
ALL_UNITS_REQUIRED = _("请对每个单位都作出评价。")
NO_VOTES = _("还没有人参加测评。")
FILE_TYPE_REFUSED = _("述职报告只能上传 PDF 或 Word (.docx) 文件。")
FILE_TOO_LARGE = _("文件超过 20 MB，请压缩后再上传。")
# What each grade is worth, in percent of the item's maximum.
GRADE_POINTS = {Grade.GOOD: 100, Grade.FAIR_GOOD: 80, Grade.FAIR: 60, Grade.POOR: 0}


@transaction.atomic
def evaluation_create(
    *, actor: User | None, scheme: Scheme, item: SchemeItem, title: str, token_count: int
) -> AnonymousEvaluation:
    _require_editor(actor)
    _require_draft(scheme)
    if item.scheme_id != scheme.pk or item.kind != ItemKind.MANUAL:
        raise ValidationError({"item": NOT_MANUAL_ITEM})
    evaluation = AnonymousEvaluation.objects.create(scheme=scheme, item=item, title=title)
    EvaluationToken.objects.bulk_create(
        EvaluationToken(evaluation=evaluation, token=secrets.token_urlsafe(16))
        for _ in range(token_count)
    )
    EvaluationTally.objects.bulk_create(
        EvaluationTally(evaluation=evaluation, unit=unit, grade=grade)
        for unit in scheme.units.all()
        for grade in Grade.values
    )
    audit_log(
        actor=actor,
        action="assessment.evaluation_create",
        obj=evaluation,
        unit=scheme.unit,
        after={"title": title, "item": item.pk, "tokens": token_count},
    )
    return evaluation


@transaction.atomic
def evaluation_vote(*, token: str, grades: dict[int, str]) -> None:
    """One rater's submission: `grades` maps every rated unit's id to a grade. The
    token is marked used and the counters incremented together; nothing ties them."""
    entry = (
        EvaluationToken.objects.select_for_update()
        .select_related("evaluation")
        .filter(token=token)
        .first()
    )
    if entry is None:
        raise EvaluationToken.DoesNotExist
    if entry.used:
        raise ValidationError(TOKEN_USED)
    evaluation = entry.evaluation
    if not evaluation.is_open:
        raise ValidationError(EVALUATION_CLOSED)
    unit_ids = set(evaluation.tallies.values_list("unit_id", flat=True))
    if set(grades) != unit_ids or not set(grades.values()) <= set(Grade.values):
        raise ValidationError(ALL_UNITS_REQUIRED)
    entry.used = True
    entry.save(update_fields=["used"])
    for unit_id, grade in grades.items():
        EvaluationTally.objects.filter(evaluation=evaluation, unit_id=unit_id, grade=grade).update(
            votes=F("votes") + 1
        )
    # The event says a vote was cast in this evaluation: not which token, not how.
    audit_log(
        actor=None,
        actor_name="民主测评",
        action="assessment.evaluation_vote",
        obj=evaluation,
        unit=evaluation.scheme.unit,
    )


def evaluation_scores(evaluation: AnonymousEvaluation) -> dict[int, tuple[Decimal, int]]:
    """Per unit id: the score on the item (the average grade's share of its maximum)
    and how many raters rated the unit."""
    by_unit: dict[int, list[int]] = {}
    for tally in evaluation.tallies.all():
        sums = by_unit.setdefault(tally.unit_id, [0, 0])
        sums[0] += GRADE_POINTS[tally.grade] * tally.votes
        sums[1] += tally.votes
    max_score = evaluation.item.max_score
    return {
        unit_id: ((max_score * points / votes / 100).quantize(Decimal("0.01")), votes)
        for unit_id, (points, votes) in by_unit.items()
        if votes
    }


@transaction.atomic
def evaluation_close(*, actor: User | None, evaluation: AnonymousEvaluation) -> AnonymousEvaluation:
    """Close the evaluation and enter its result as the scores of its manual item."""
    _require_editor(actor)
    evaluation = AnonymousEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation.scheme)
    scores = evaluation_scores(evaluation)
    if not scores:
        raise ValidationError(NO_VOTES)
    evaluation.is_open = False
    evaluation.save(update_fields=["is_open"])
    units = Unit.objects.in_bulk(list(scores))
    for unit_id, (score, votes) in scores.items():
        manual_score_set(
            actor=actor,
            item=evaluation.item,
            unit=units[unit_id],
            score=score,
            comment=f"民主测评“{evaluation.title}”：{votes}人参评",
        )
    audit_log(
        actor=actor,
        action="assessment.evaluation_close",
        obj=evaluation,
        unit=evaluation.scheme.unit,
        after={"scores": {str(k): str(v[0]) for k, v in scores.items()}},
    )
    return evaluation


@transaction.atomic
def duty_report_upload(
    *, actor: User, scheme: Scheme, unit: Unit, title: str, uploaded_file
) -> DutyReport:
    """A unit's duty report for the scheme's year (a new upload replaces the old)."""
    from tongxin.lib.filetypes import MAX_EVIDENCE_BYTES, sniff

    if actor.role not in (Role.EDITOR, Role.REPORTER) or not can_act_for_unit(actor, unit):
        raise PermissionDenied(NO_PERMISSION)
    if not scheme.units.filter(pk=unit.pk).exists():
        raise ValidationError(UNIT_NOT_IN_SCHEME)
    if uploaded_file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": FILE_TOO_LARGE})
    content = uploaded_file.read()
    kind = sniff(content[:32], content)
    if kind is None or kind[1] not in (".pdf", ".docx"):
        raise ValidationError({"file": FILE_TYPE_REFUSED})
    report = DutyReport.objects.filter(scheme=scheme, unit=unit).first() or DutyReport(
        scheme=scheme, unit=unit
    )
    report.title = title
    report.uploaded_by = actor
    report.file.save(f"report{kind[1]}", ContentFile(content), save=False)
    report.save()
    audit_log(
        actor=actor,
        action="assessment.duty_report_upload",
        obj=report,
        unit=unit,
        after={"scheme": scheme.pk, "title": title, "size": len(content)},
    )
    return report
