"""Writes to schemes, their items and scores. Atomic and audited; a published
scheme is frozen and every write to it is refused."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.assessment import scoring
from tongxin.assessment.models import (
    ItemKind,
    ManualScore,
    Scheme,
    SchemeItem,
    SchemeStatus,
    ScoreMethod,
)
from tongxin.audit.services import audit_log, snapshot
from tongxin.core import clock

NO_PERMISSION = _("只有部机关干部可以维护考核方案和评分。")
SCHEME_FROZEN = _("考核方案已发布，不能再修改。")
UNIT_NOT_IN_SCHEME = _("该单位不在本方案的考核范围内。")
NOT_MANUAL_ITEM = _("只有评分项、加分项和扣分项可以手工评分。")
SCORE_OUT_OF_RANGE = _("得分须在0到满分（{max}）之间。")
COMMENT_REQUIRED = _("请填写评分说明。")
EVIDENCE_REQUIRED = _("加分、扣分须选择佐证记录。")
INDICATOR_REQUIRED = _("指标得分项须选择指标。")
TARGET_REQUIRED = _("按完成比例计分须填写大于0的目标值。")
THRESHOLDS_REQUIRED = _("按档次计分须填写档次。")
NO_UNITS = _("请至少选择一个被考核单位。")
NO_ITEMS = _("方案还没有考核项目，不能发布。")
YEAR_TAKEN = _("{year}年已有同名方案“{name}”。")

ITEM_FIELDS = ["name", "kind", "max_score", "weight", "indicator", "method", "target", "thresholds"]


def _require_editor(actor: User | None) -> None:
    # actor None: the system itself (the demo, the console).
    if actor is not None and actor.role != Role.EDITOR:
        raise PermissionDenied(NO_PERMISSION)


def _require_draft(scheme: Scheme) -> None:
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(SCHEME_FROZEN)


def _lock(scheme: Scheme) -> Scheme:
    """The scheme's row, locked for this transaction (a publish racing an edit)."""
    return Scheme.objects.select_for_update().get(pk=scheme.pk)


def _check_name_free(year: int, name: str, *, exclude=None) -> None:
    taken = Scheme.objects.filter(year=year, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError({"name": YEAR_TAKEN.format(year=year, name=name)})


@transaction.atomic
def scheme_create(
    *, actor: User | None, year: int, name: str, units: list[Unit], unit: Unit | None = None
) -> Scheme:
    _require_editor(actor)
    if not units:
        raise ValidationError({"units": NO_UNITS})
    _check_name_free(year, name)
    owner = unit or (actor.unit if actor else None) or Unit.objects.filter(parent=None).first()
    while owner.parent_id is not None and owner.kind == UnitKind.SECTION:
        owner = owner.parent  # a section's editor runs schemes for the department
    scheme = Scheme(year=year, name=name, unit=owner)
    scheme.full_clean(exclude=["units"])
    scheme.save()
    scheme.units.set(units)
    audit_log(
        actor=actor,
        action="assessment.scheme_create",
        obj=scheme,
        unit=owner,
        after={"year": year, "name": name, "units": sorted(u.pk for u in units)},
    )
    return scheme


@transaction.atomic
def scheme_update(*, actor: User | None, scheme: Scheme, name: str, units: list[Unit]) -> Scheme:
    _require_editor(actor)
    scheme = _lock(scheme)
    _require_draft(scheme)
    if not units:
        raise ValidationError({"units": NO_UNITS})
    _check_name_free(scheme.year, name, exclude=scheme)
    before = {"name": scheme.name, "units": sorted(scheme.units.values_list("pk", flat=True))}
    scheme.name = name
    scheme.save(update_fields=["name"])
    scheme.units.set(units)
    audit_log(
        actor=actor,
        action="assessment.scheme_update",
        obj=scheme,
        unit=scheme.unit,
        before=before,
        after={"name": name, "units": sorted(u.pk for u in units)},
    )
    return scheme


def _clean_item(item: SchemeItem) -> None:
    if item.kind == ItemKind.INDICATOR:
        if item.indicator_id is None:
            raise ValidationError({"indicator": INDICATOR_REQUIRED})
        item.method = item.method or ScoreMethod.LINEAR
        if item.method == ScoreMethod.LINEAR and not (item.target and item.target > 0):
            raise ValidationError({"target": TARGET_REQUIRED})
        if item.method == ScoreMethod.THRESHOLDS:
            try:
                steps = scoring.parse_thresholds(item.thresholds)
            except ValueError as error:
                raise ValidationError({"thresholds": str(error)}) from None
            if not steps:
                raise ValidationError({"thresholds": THRESHOLDS_REQUIRED})
    else:
        item.indicator, item.method, item.target, item.thresholds = None, "", None, ""
    item.full_clean(exclude=["scheme"])


@transaction.atomic
def scheme_item_add(
    *,
    actor: User | None,
    scheme: Scheme,
    name: str,
    kind: str,
    max_score: Decimal,
    weight: Decimal = Decimal(1),
    indicator=None,
    method: str = "",
    target: Decimal | None = None,
    thresholds: str = "",
) -> SchemeItem:
    _require_editor(actor)
    scheme = _lock(scheme)
    _require_draft(scheme)
    item = SchemeItem(
        scheme=scheme,
        order=scheme.items.count() + 1,
        name=name,
        kind=kind,
        max_score=max_score,
        weight=weight,
        indicator=indicator,
        method=method,
        target=target,
        thresholds=thresholds,
    )
    _clean_item(item)
    item.save()
    audit_log(
        actor=actor,
        action="assessment.item_add",
        obj=item,
        unit=scheme.unit,
        after=snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def scheme_item_update(*, actor: User | None, item: SchemeItem, **fields) -> SchemeItem:
    _require_editor(actor)
    scheme = _lock(item.scheme)
    _require_draft(scheme)
    before = snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise TypeError(name)
        setattr(item, name, value)
    _clean_item(item)
    item.save(update_fields=ITEM_FIELDS)
    audit_log(
        actor=actor,
        action="assessment.item_update",
        obj=item,
        unit=scheme.unit,
        before=before,
        after=snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def scheme_item_delete(*, actor: User | None, item: SchemeItem) -> None:
    _require_editor(actor)
    scheme = _lock(item.scheme)
    _require_draft(scheme)
    audit_log(
        actor=actor,
        action="assessment.item_delete",
        obj=item,
        unit=scheme.unit,
        before=snapshot(item, ITEM_FIELDS),
    )
    item.delete()


@transaction.atomic
def manual_score_set(
    *,
    actor: User | None,
    item: SchemeItem,
    unit: Unit,
    score: Decimal,
    comment: str = "",
    evidence_record=None,
) -> ManualScore:
    """An assessor's score, with a comment (manual) or evidence (bonus, deduction)."""
    _require_editor(actor)
    scheme = _lock(item.scheme)
    _require_draft(scheme)
    if item.kind == ItemKind.INDICATOR:
        raise ValidationError(NOT_MANUAL_ITEM)
    if not scheme.units.filter(pk=unit.pk).exists():
        raise ValidationError(UNIT_NOT_IN_SCHEME)
    if not Decimal(0) <= score <= item.max_score:
        raise ValidationError({"score": SCORE_OUT_OF_RANGE.format(max=item.max_score)})
    if item.kind == ItemKind.MANUAL and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    if item.kind in (ItemKind.BONUS, ItemKind.DEDUCTION) and evidence_record is None and score:
        raise ValidationError({"evidence_record": EVIDENCE_REQUIRED})
    existing = ManualScore.objects.filter(item=item, unit=unit).first()
    before = snapshot(existing, ["score", "comment", "evidence_record"]) if existing else None
    entry, _ = ManualScore.objects.update_or_create(
        item=item,
        unit=unit,
        defaults={
            "score": score,
            "comment": comment.strip(),
            "evidence_record": evidence_record,
            "entered_by": actor,
        },
    )
    audit_log(
        actor=actor,
        action="assessment.score_set",
        obj=entry,
        unit=unit,
        before=before,
        after=snapshot(entry, ["item", "score", "comment", "evidence_record"]),
    )
    return entry


@transaction.atomic
def scheme_publish(*, actor: User | None, scheme: Scheme) -> Scheme:
    """Compute the scores, keep them with the scheme, and freeze it."""
    _require_editor(actor)
    scheme = _lock(scheme)
    _require_draft(scheme)
    if not scheme.items.exists():
        raise ValidationError(NO_ITEMS)
    scheme.results = scoring.compute(scheme)
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = clock.now()
    scheme.published_by = actor
    scheme.save(update_fields=["results", "status", "published_at", "published_by"])
    audit_log(
        actor=actor,
        action="assessment.scheme_publish",
        obj=scheme,
        unit=scheme.unit,
        before={"status": SchemeStatus.DRAFT},
        after={
            "status": SchemeStatus.PUBLISHED,
            "ranking": [[r["unit_id"], r["rank"], r["total"]] for r in scheme.results["rows"]],
        },
    )
    return scheme


@transaction.atomic
def scheme_copy(
    *, actor: User | None, scheme: Scheme, year: int | None = None, name: str = ""
) -> Scheme:
    """A new year's draft: the same units and items (with indicator targets kept),
    no scores."""
    _require_editor(actor)
    year = year or scheme.year + 1
    name = name or scheme.name
    _check_name_free(year, name)
    copy = Scheme.objects.create(year=year, name=name, unit=scheme.unit, copied_from=scheme)
    copy.units.set(scheme.units.all())
    SchemeItem.objects.bulk_create(
        SchemeItem(
            scheme=copy,
            order=item.order,
            name=item.name,
            kind=item.kind,
            max_score=item.max_score,
            weight=item.weight,
            indicator_id=item.indicator_id,
            method=item.method,
            target=item.target,
            thresholds=item.thresholds,
        )
        for item in scheme.items.all()
    )
    audit_log(
        actor=actor,
        action="assessment.scheme_copy",
        obj=copy,
        unit=copy.unit,
        after={"from": scheme.pk, "year": year, "name": name},
    )
    return copy
