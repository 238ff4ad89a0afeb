"""Writes to indicators, targets and manual values. Atomic and audited."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.indicators.models import Indicator, IndicatorKind, ManualValue, Target
from tongxin.ledger.models import RecordType, Tag, WorkArea

NO_PERMISSION = _("只有部机关干部可以维护指标和目标值。")
MEASURE_REQUIRED = _("“合计”类指标须选择要合计的度量。")
RATIO_PARTS_REQUIRED = _("比率指标须选择分子和分母指标。")
NOT_MANUAL = _("只有“手工填报”类指标可以录入数值。")
NOTHING_TO_COPY = _("{year}年没有可复制的目标值。")
YEAR_ALREADY_STARTED = _("{year}年已有目标值，未做任何复制。")


def _require_editor(actor: User | None) -> None:
    # actor None: the system itself (demo loading, migrations).
    if actor is not None and actor.role != Role.EDITOR:
        raise PermissionDenied(NO_PERMISSION)


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    unit_word: str = "",
    area: WorkArea | None = None,
    measure: str = "",
    scope: str = "subtree",
    record_types: list[RecordType] = (),
    areas: list[WorkArea] = (),
    tags: list[str] = (),
    link_filter: str = "",
    numerator: Indicator | None = None,
    denominator: Indicator | None = None,
    higher_is_better: bool = True,
    keywords: str = "",
    aliases: str = "",
    sort_order: int = 0,
    is_illustrative: bool = False,
) -> Indicator:
    _require_editor(actor)
    if kind == IndicatorKind.SUM and not measure:
        raise ValidationError({"measure": MEASURE_REQUIRED})
    if kind == IndicatorKind.RATIO and not (numerator and denominator):
        raise ValidationError({"numerator": RATIO_PARTS_REQUIRED})
    indicator = Indicator(
        code=code,
        name=name,
        kind=kind,
        unit_word=unit_word,
        area=area,
        measure=measure,
        scope=scope,
        link_filter=link_filter,
        numerator=numerator,
        denominator=denominator,
        higher_is_better=higher_is_better,
        keywords=keywords,
        aliases=aliases,
        sort_order=sort_order,
        is_illustrative=is_illustrative,
    )
    indicator.full_clean()
    indicator.save()
    indicator.record_types.set(record_types)
    indicator.areas.set(areas)
    indicator.tags.set([Tag.objects.get_or_create(name=t)[0] for t in tags])
    audit_log(
        actor=actor,
        action="indicator.create",
        obj=indicator,
        after={
            "code": code,
            "name": name,
            "kind": kind,
            "measure": measure,
            "scope": scope,
            "record_types": sorted(t.code for t in record_types),
            "tags": sorted(tags),
            "link_filter": link_filter,
        },
    )
    return indicator


@transaction.atomic
def target_set(
    *,
    actor: User | None,
    indicator: Indicator,
    unit: Unit,
    year: int,
    value: Decimal,
    period: str = "Y",
    floor: Decimal | None = None,
) -> Target:
    _require_editor(actor)
    existing = Target.objects.filter(
        indicator=indicator, unit=unit, year=year, period=period
    ).first()
    before = {"value": str(existing.value), "floor": str(existing.floor)} if existing else None
    target, _ = Target.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        year=year,
        period=period,
        defaults={"value": value, "floor": floor},
    )
    audit_log(
        actor=actor,
        action="target.set",
        obj=target,
        unit=unit,
        before=before,
        after={
            "indicator": indicator.code,
            "year": year,
            "period": period,
            "value": str(value),
            "floor": str(floor),
        },
    )
    return target


@transaction.atomic
def manual_value_set(
    *,
    actor: User | None,
    indicator: Indicator,
    unit: Unit,
    year: int,
    value: Decimal,
    period: str = "Y",
    note: str = "",
    evidence_record=None,
) -> ManualValue:
    if actor is not None and actor.role not in (Role.EDITOR, Role.LEADER):
        raise PermissionDenied(NO_PERMISSION)
    if indicator.kind != IndicatorKind.MANUAL:
        raise ValidationError(NOT_MANUAL)
    existing = ManualValue.objects.filter(
        indicator=indicator, unit=unit, year=year, period=period
    ).first()
    before = {"value": str(existing.value)} if existing else None
    entered_by = actor or User.objects.filter(role=Role.EDITOR).order_by("pk").first()
    manual, _ = ManualValue.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        year=year,
        period=period,
        defaults={
            "value": value,
            "note": note,
            "evidence_record": evidence_record,
            "entered_by": entered_by,
        },
    )
    audit_log(
        actor=actor,
        action="manual_value.set",
        obj=manual,
        unit=unit,
        before=before,
        after={
            "indicator": indicator.code,
            "year": year,
            "period": period,
            "value": str(value),
            "note": note,
        },
    )
    return manual


@transaction.atomic
def year_start(*, actor: User | None, year: int) -> int:
    """Copy last year's targets into `year` for editing, in one action."""
    _require_editor(actor)
    if Target.objects.filter(year=year).exists():
        raise ValidationError(YEAR_ALREADY_STARTED.format(year=year))
    previous = list(Target.objects.filter(year=year - 1, indicator__is_active=True))
    if not previous:
        raise ValidationError(NOTHING_TO_COPY.format(year=year - 1))
    Target.objects.bulk_create(
        [
            Target(
                indicator_id=t.indicator_id,
                unit_id=t.unit_id,
                year=year,
                period=t.period,
                value=t.value,
                floor=t.floor,
            )
            for t in previous
        ]
    )
    audit_log(
        actor=actor,
        action="indicators.year_start",
        after={"year": year, "copied_from": year - 1, "targets": len(previous)},
    )
    return len(previous)


INDICATOR_FIELDS = [
    "name",
    "unit_word",
    "area",
    "keywords",
    "aliases",
    "kind",
    "measure",
    "scope",
    "link_filter",
    "numerator",
    "denominator",
    "higher_is_better",
    "sort_order",
    "is_active",
]


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, changes: dict) -> Indicator:
    """Edit an indicator's definition; its code stays, so templates keep working."""
    from tongxin.audit.services import snapshot

    _require_editor(actor)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = snapshot(indicator, INDICATOR_FIELDS)
    before["record_types"] = sorted(indicator.record_types.values_list("code", flat=True))
    before["tags"] = sorted(indicator.tags.values_list("name", flat=True))
    many = {k: changes.pop(k) for k in ("record_types", "areas", "tags") if k in changes}
    for field, value in changes.items():
        if field not in INDICATOR_FIELDS:
            raise ValueError(f"not an editable field: {field}")
        setattr(indicator, field, value)
    if indicator.kind == IndicatorKind.SUM and not indicator.measure:
        raise ValidationError({"measure": MEASURE_REQUIRED})
    if indicator.kind == IndicatorKind.RATIO and not (
        indicator.numerator_id and indicator.denominator_id
    ):
        raise ValidationError({"numerator": RATIO_PARTS_REQUIRED})
    indicator.full_clean()
    indicator.save()
    if "record_types" in many:
        indicator.record_types.set(many["record_types"])
    if "areas" in many:
        indicator.areas.set(many["areas"])
    if "tags" in many:
        indicator.tags.set([Tag.objects.get_or_create(name=t)[0] for t in many["tags"]])
    after = snapshot(indicator, INDICATOR_FIELDS)
    after["record_types"] = sorted(indicator.record_types.values_list("code", flat=True))
    after["tags"] = sorted(indicator.tags.values_list("name", flat=True))
    audit_log(actor=actor, action="indicator.update", obj=indicator, before=before, after=after)
    return indicator
