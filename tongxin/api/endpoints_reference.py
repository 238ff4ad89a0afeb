"""Read-only: units, enterprises, indicator values and the published review."""

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from tongxin.accounts.access import NOT_FOUND, get_unit_for_user, visible_units
from tongxin.accounts.roles import Role
from tongxin.api import selectors as api_selectors
from tongxin.api.endpoints_records import unit_ref
from tongxin.api.errors import ERROR_RESPONSES
from tongxin.api.pagination import paginate
from tongxin.api.schemas import (
    EnterpriseDetailOut,
    EnterprisePage,
    EnterpriseQuery,
    Id,
    IndicatorQuery,
    IndicatorTableOut,
    PageQuery,
    ReviewOut,
    ReviewQuery,
    UnitPage,
    Year,
)
from tongxin.cases import selectors as case_selectors
from tongxin.cases.models import Enterprise
from tongxin.indicators import selectors as indicator_selectors

router = Router(tags=[_("参考数据")])


def _unit_or_default(user, pk):
    """The asked unit if visible (else 404), or the top of what the user sees: a
    reporter's own unit, the department for everyone else (as the dashboard does)."""
    if pk is not None:
        return get_unit_for_user(user, pk)
    if user.role == Role.REPORTER:
        unit = user.unit
    else:
        unit = visible_units(user).filter(parent=None).order_by("path").first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


# Units


def unit_out(unit) -> dict:
    return {
        **unit_ref(unit),
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "parent_id": unit.parent_id,
        "depth": unit.depth,
        "is_active": unit.is_active,
    }


@router.get("/units/", response={200: UnitPage, **ERROR_RESPONSES}, url_name="units")
def unit_list(request: HttpRequest, params: Query[PageQuery]):
    """The units the token's owner sees, in tree order (a reporter: their subtree)."""
    qs = visible_units(request.user).select_related(None).order_by("path")
    return paginate(qs, page=params.page, page_size=params.page_size, serialize=unit_out)


# Enterprises


def enterprise_out(enterprise: Enterprise) -> dict:
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "district": unit_ref(enterprise.district),
        "industry": enterprise.industry,
        "industry_label": str(enterprise.get_industry_display()),
        "ownership": enterprise.ownership,
        "ownership_label": str(enterprise.get_ownership_display()),
        "founded_on": enterprise.founded_on,
        "arrived_on": enterprise.arrived_on,
    }


@router.get(
    "/enterprises/", response={200: EnterprisePage, **ERROR_RESPONSES}, url_name="enterprises"
)
def enterprise_list(request: HttpRequest, params: Query[EnterpriseQuery]):
    qs = case_selectors.enterprise_list(
        request.user, q=params.q or "", ownership=params.ownership or ""
    )
    return paginate(qs, page=params.page, page_size=params.page_size, serialize=enterprise_out)


@router.get(
    "/enterprises/{enterprise_id}/",
    response={200: EnterpriseDetailOut, **ERROR_RESPONSES},
    url_name="enterprise",
)
def enterprise_detail(request: HttpRequest, enterprise_id: Id):
    enterprise = case_selectors.enterprise_get(request.user, enterprise_id)
    data = enterprise_out(enterprise)
    data["memberships"] = [
        {"year": m.year, "list_name": m.list_name, "rank": m.rank}
        for m in enterprise.memberships.all()
    ]
    return data


# Indicators


@router.get(
    "/indicators/", response={200: IndicatorTableOut, **ERROR_RESPONSES}, url_name="indicators"
)
def indicator_values(request: HttpRequest, params: Query[IndicatorQuery]):
    """Every active indicator's value and yearly target for one unit and year, as
    `tongxin indicators YEAR --json` prints them."""
    year = params.year or timezone.localdate().year
    unit_obj = _unit_or_default(request.user, params.unit)
    rows = indicator_selectors.indicator_year_rows(year=year, unit=unit_obj)
    return {"year": year, "unit": unit_ref(unit_obj), "indicators": rows}


# The published review


@router.get("/reviews/{year}/", response={200: ReviewOut, **ERROR_RESPONSES}, url_name="review")
def review_detail(request: HttpRequest, year: Year, params: Query[ReviewQuery]):
    """The signed-off (签发) review only: its text and the figures frozen at sign-off.
    A review not yet signed off is 404."""
    unit_obj = _unit_or_default(request.user, params.unit)
    review = api_selectors.published_review(request.user, year=year, unit=unit_obj)
    return {
        "year": review.year,
        "unit": unit_ref(review.unit),
        "title": review.title,
        "version": review.version,
        "signed_at": review.signed_at,
        "signed_by": review.signed_by,
        "text": review.text,
        "figures": [
            {
                "code": f.code,
                "name": f.name,
                "unit": f.unit_word,
                "value": indicator_selectors.plain_number(f.value),
            }
            for f in review.figures
        ],
    }
