"""Reads of assessment schemes. A scheme is visible to the department (its owning
unit) and to the units it assesses; a reporter sees only their own unit's scores."""

from django.db.models import QuerySet

from tongxin.accounts.access import get_object_for_user, scope_queryset, sees_all_units
from tongxin.accounts.models import Unit, User
from tongxin.assessment import scoring
from tongxin.assessment.models import (
    ManualScore,
    Scheme,
    SchemeItem,
    SchemeStatus,
)

SCHEME_SCOPE = {"unit_field": "unit", "participant_field": "units"}


def scheme_list(user: User) -> QuerySet[Scheme]:
    return scope_queryset(user, Scheme.objects.select_related("unit"), **SCHEME_SCOPE).order_by(
        "-year", "name"
    )


def scheme_get(user: User, pk) -> Scheme:
    return get_object_for_user(user, Scheme.objects.select_related("unit"), pk, **SCHEME_SCOPE)


def scheme_item_get(user: User, pk) -> SchemeItem:
    return get_object_for_user(
        user,
        SchemeItem.objects.select_related("scheme__unit", "indicator"),
        pk,
        unit_field="scheme__unit",
        participant_field="scheme__units",
    )


def scheme_units(scheme: Scheme) -> list[Unit]:
    return list(scheme.units.order_by("sort_order", "path"))


def scheme_items(scheme: Scheme) -> list[SchemeItem]:
    return list(scheme.items.select_related("indicator"))


def scheme_results(scheme: Scheme, *, items=None, units=None) -> dict:
    """The frozen results of a published scheme, or the scores as they stand."""
    if scheme.status == SchemeStatus.PUBLISHED and scheme.results:
        return scheme.results
    return scoring.compute(scheme, items=items, units=units)


def scheme_previous(scheme: Scheme) -> Scheme | None:
    """Last year's scheme to compare with: the one this was copied from, or last
    year's scheme of the same name."""
    if scheme.copied_from_id:
        previous = Scheme.objects.filter(pk=scheme.copied_from_id, year=scheme.year - 1).first()
        if previous:
            return previous
    return Scheme.objects.filter(year=scheme.year - 1, name=scheme.name).first()


def scheme_rows_for(user: User, results: dict) -> list[dict]:
    """Every unit's row for the department; a reporter's own subtree otherwise."""
    if sees_all_units(user):
        return results["rows"]
    path = user.unit.path if user.unit_id else None
    return [r for r in results["rows"] if path and r["unit_path"].startswith(path)]


def scheme_rows_with_breakdown(results: dict, rows: list[dict]) -> list[dict]:
    """Rows with each cell paired with its item, for the breakdown tables."""
    items = results["items"]
    return [{**row, "pairs": list(zip(items, row["cells"], strict=True))} for row in rows]


def scheme_comparison(previous_results: dict | None, rows: list[dict]) -> dict[int, dict]:
    """Last year's rank and total per unit id, and the change in rank."""
    if not previous_results:
        return {}
    before = {r["unit_id"]: r for r in previous_results["rows"]}
    out = {}
    for row in rows:
        prev = before.get(row["unit_id"])
        if prev:
            out[row["unit_id"]] = {
                "rank": prev["rank"],
                "total": prev["total"],
                "change": prev["rank"] - row["rank"],
            }
    return out


def scheme_manual_scores(scheme: Scheme) -> dict[tuple[int, int], ManualScore]:
    return {
        (s.item_id, s.unit_id): s
        for s in ManualScore.objects.filter(item__scheme=scheme).select_related("evidence_record")
    }
