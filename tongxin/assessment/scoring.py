"""The scoring engine: a scheme's items over its units, with a full breakdown.

All indicator items of a scheme are served by one indicator table for the scheme's
year over its units (tongxin.indicators.selectors.indicator_table), and manual scores
by one query: nothing costs a query per unit. The result is JSON-ready (decimals as
strings), the same shape a published scheme keeps in `Scheme.results`."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from tongxin.assessment.models import ItemKind, ManualScore, ScoreMethod
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table

CENT = Decimal("0.01")
# i18n: data (notes stored in a published scheme's results)
NO_VALUE = "无数据"
# i18n: data
NOT_SCORED = "未评分"
BAD_THRESHOLDS = _("档次格式不正确：每行写“达到值 得分率%”，如“10 100”。")


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_thresholds(text: str) -> list[tuple[Decimal, Decimal]]:
    """Lines "value share%" (e.g. "10 100", "5 60"); raises ValueError when malformed."""
    steps = []
    for line in text.splitlines():
        parts = line.replace("%", " ").replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(BAD_THRESHOLDS)
        try:
            at, share = Decimal(parts[0]), Decimal(parts[1])
        except InvalidOperation:
            raise ValueError(BAD_THRESHOLDS) from None
        if not Decimal(0) <= share <= Decimal(100):
            raise ValueError(BAD_THRESHOLDS)
        steps.append((at, share))
    return steps


def indicator_score(item, value: Decimal | None) -> tuple[Decimal, str]:
    """Score (0..max) of an indicator item for one unit's value, and how it was found."""
    if value is None:
        return Decimal(0), NO_VALUE
    higher = item.indicator.higher_is_better if item.indicator is not None else True
    if item.method == ScoreMethod.THRESHOLDS:
        reached = [
            share
            for at, share in parse_thresholds(item.thresholds)
            if (value >= at if higher else value <= at)
        ]
        share = max(reached, default=Decimal(0))
        return item.max_score * share / 100, f"档次得分率{share.normalize():f}%"
    target = item.target
    if not target:
        return Decimal(0), NO_VALUE
    if higher:
        ratio = min(Decimal(1), max(Decimal(0), value / target))
    else:
        ratio = Decimal(1) if value <= target else (target / value if value else Decimal(0))
    return item.max_score * ratio, f"完成{_q(ratio * 100).normalize():f}%"


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Standard competition ranking (1, 2, 2, 4): one more than the number of
    strictly higher totals."""
    return [1 + sum(1 for other in totals if other > t) for t in totals]


def compute(scheme, *, items=None, units=None) -> dict:
    """Scores of every unit of `scheme` on every item, totals and ranks."""
    items = list(items if items is not None else scheme.items.select_related("indicator"))
    units = list(units if units is not None else scheme.units.order_by("sort_order", "path"))
    indicator_items = [i for i in items if i.kind == ItemKind.INDICATOR and i.indicator_id]
    table = (
        indicator_table(
            indicators=list({i.indicator_id: i.indicator for i in indicator_items}.values()),
            period=period_for(scheme.year),
            units=units,
        )
        if indicator_items and units
        else None
    )
    manual = {
        (s.item_id, s.unit_id): s
        for s in ManualScore.objects.filter(item__scheme=scheme, unit__in=units)
    }
    rows = []
    for unit in units:
        cells, total = [], Decimal(0)
        for item in items:
            value, note = None, ""
            if item.kind == ItemKind.INDICATOR:
                value = table.value(item.indicator, unit) if table and item.indicator_id else None
                score, note = indicator_score(item, value)
            else:
                entry = manual.get((item.pk, unit.pk))
                if entry is None:
                    score, note = Decimal(0), NOT_SCORED
                else:
                    score, note = min(max(entry.score, Decimal(0)), item.max_score), entry.comment
                if item.kind == ItemKind.DEDUCTION:
                    score = -score
            score = _q(score)
            weighted = _q(score * item.weight)
            total += weighted
            cells.append(
                {
                    "item_id": item.pk,
                    "value": None if value is None else str(value),
                    "score": str(score),
                    "weighted": str(weighted),
                    "note": note,
                }
            )
        rows.append(
            {
                "unit_id": unit.pk,
                "unit_name": unit.name,
                "unit_path": unit.path,
                "total": _q(total),
                "cells": cells,
            }
        )
    for row, rank in zip(rows, competition_ranks([r["total"] for r in rows]), strict=True):
        row["rank"] = rank
        row["total"] = str(row["total"])
    rows.sort(key=lambda r: (r["rank"], r["unit_name"]))
    return {
        "year": scheme.year,
        "items": [
            {
                "id": i.pk,
                "name": i.name,
                "kind": i.kind,
                "kind_label": str(i.get_kind_display()),
                "max_score": str(i.max_score),
                "weight": str(i.weight),
                "indicator": i.indicator.name if i.indicator_id else "",
            }
            for i in items
        ],
        "rows": rows,
    }
