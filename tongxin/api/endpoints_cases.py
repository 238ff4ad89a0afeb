"""/api/v1/cases/: enterprises' requests, read and registered through the cases app."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from tongxin.api.endpoints_records import unit_ref
from tongxin.api.errors import ERROR_RESPONSES, INVALID_FIELDS, ApiError
from tongxin.api.pagination import paginate
from tongxin.api.schemas import CaseDetailOut, CaseIn, CasePage, CaseQuery, Id
from tongxin.cases import permissions, selectors
from tongxin.cases.models import Case, CaseCategory
from tongxin.cases.services.cases import case_receive
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.ledger.selectors import get_record_for_user

router = Router(tags=[_("企业诉求")])

NO_SUCH_ENTERPRISE = _("找不到该企业，或您无权查看。")
NO_SUCH_CATEGORY = _("找不到该诉求类别。")
NO_SUCH_FORUM = _("找不到该恳谈会记录。")


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "description": case.description,
        "enterprise": {"id": case.enterprise_id, "name": case.enterprise.name},
        "source": case.source,
        "source_label": str(case.get_source_display()),
        "category": case.category.name,
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "received_on": case.received_on,
        "respond_by": case.respond_by,
        "resolve_by": case.resolve_by,
        "is_overdue": case.is_overdue,
        "lead_unit": unit_ref(case.lead_unit) if case.lead_unit_id else None,
        "assisting_units": [unit_ref(u) for u in case.assisting_units.all()],
        "reply": case.reply,
        "satisfaction": case.satisfaction,
        "closed_at": case.closed_at,
        "forum_record": case.forum_record_id,
        "resolution_record": case.resolution_record_id,
    }


def case_detail_out(case: Case) -> dict:
    data = case_out(case)
    data["timeline"] = [
        {
            "at": event.at,
            "action": event.action,
            "actor": (event.actor.display_name or event.actor.username) if event.actor else "",
            "state_from": event.state_from,
            "state_to": event.state_to,
            "note": event.note,
        }
        for event in selectors.case_events(case)
    ]
    return data


@router.get("/cases/", response={200: CasePage, **ERROR_RESPONSES}, url_name="cases")
def case_list(request: HttpRequest, params: Query[CaseQuery]):
    qs = selectors.case_list(
        request.user, state=params.state or "", year=params.year
    ).prefetch_related("assisting_units")
    return paginate(qs, page=params.page, page_size=params.page_size, serialize=case_out)


@router.post("/cases/", response={201: CaseDetailOut, **ERROR_RESPONSES}, url_name="cases")
def case_create(request: HttpRequest, payload: CaseIn):
    """Registering a request is the department's (editors'); others get 403."""
    user = request.user
    if not permissions.can_register(user):
        raise ApiError(403, NO_PERMISSION)
    errors = {}
    try:
        enterprise = selectors.enterprise_get(user, payload.enterprise)
    except Http404:
        errors["enterprise"] = [NO_SUCH_ENTERPRISE]
    category = CaseCategory.objects.filter(name=payload.category).first()
    if category is None:
        errors["category"] = [NO_SUCH_CATEGORY]
    forum = None
    if payload.forum_record is not None:
        try:
            forum = get_record_for_user(user, payload.forum_record)
        except Http404:
            errors["forum_record"] = [NO_SUCH_FORUM]
    if errors:
        raise ApiError(400, INVALID_FIELDS, fields=errors)
    case = case_receive(
        actor=user,
        enterprise=enterprise,
        source=payload.source,
        category=category,
        title=payload.title,
        description=payload.description,
        received_on=payload.received_on,
        forum_record=forum,
    )
    return Status(201, case_detail_out(selectors.case_get(user, case.pk)))


@router.get("/cases/{case_id}/", response={200: CaseDetailOut, **ERROR_RESPONSES}, url_name="case")
def case_detail(request: HttpRequest, case_id: Id):
    """The case with its timeline (every step: who, when, from which state)."""
    return case_detail_out(selectors.case_get(request.user, case_id))
