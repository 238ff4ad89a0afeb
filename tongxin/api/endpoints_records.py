"""/api/v1/records/: read and write work records through the ledger's services."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from tongxin.api.errors import ERROR_RESPONSES, INVALID_FIELDS, ApiError
from tongxin.api.pagination import paginate
from tongxin.api.schemas import Id, RecordIn, RecordOut, RecordPage, RecordPatch, RecordQuery
from tongxin.ledger import permissions, selectors, services
from tongxin.ledger.forms import units_for
from tongxin.ledger.models import RecordType, WorkArea, WorkRecord

router = Router(tags=[_("工作记录")])

NO_SUCH_TYPE = _("找不到该记录类型（或已停用）。")
NO_SUCH_AREA = _("找不到该工作领域。")
NO_SUCH_UNIT = _("找不到该单位，或您不能为其填报。")
REQUIRED = _("不能为空。")
NON_NULL = ("unit", "record_type", "area", "date", "title", "description")


def unit_ref(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def record_out(record: WorkRecord) -> dict:
    return {
        "id": record.pk,
        "unit": unit_ref(record.unit),
        "record_type": record.record_type.code,
        "record_type_name": record.record_type.name,
        "area": record.area.code,
        "area_name": record.area.name,
        "date": record.date,
        "end_date": record.end_date,
        "title": record.title,
        "description": record.description,
        "count": record.count,
        "participants": record.participants,
        "amount": None if record.amount is None else f"{record.amount:.2f}",
        "tags": sorted(t.name for t in record.tags.all()),
        "status": record.status,
        "status_label": str(record.get_status_display()),
        "return_reason": record.return_reason,
        "version": record.version,
        "created_by": record.created_by.display_name or record.created_by.username,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "submitted_at": record.submitted_at,
    }


def _fetch(user, pk) -> WorkRecord:
    """The permission-checked lookup (another unit's record: 404), with its tags."""
    record = selectors.get_record_for_user(user, pk)
    record = (
        WorkRecord.objects.select_related("unit", "record_type", "area", "created_by")
        .prefetch_related("tags")
        .get(pk=record.pk)
    )
    return record


def _lookups(user, data: dict) -> dict:
    """Codes and ids of the request turned into objects; unknown ones are field errors."""
    errors = {}
    values = dict(data)
    if "record_type" in data:
        values["record_type"] = RecordType.objects.filter(
            code=data["record_type"], is_active=True
        ).first()
        if values["record_type"] is None:
            errors["record_type"] = [NO_SUCH_TYPE]
    if data.get("area") is not None:
        values["area"] = WorkArea.objects.filter(code=data["area"]).first()
        if values["area"] is None:
            errors["area"] = [NO_SUCH_AREA]
    if data.get("unit") is not None:
        values["unit"] = units_for(user).filter(pk=data["unit"]).first()
        if values["unit"] is None:
            errors["unit"] = [NO_SUCH_UNIT]
    if errors:
        raise ApiError(400, INVALID_FIELDS, fields=errors)
    return values


@router.get("/records/", response={200: RecordPage, **ERROR_RESPONSES}, url_name="records")
def record_list(request: HttpRequest, params: Query[RecordQuery]):
    flt = selectors.RecordFilter(
        year=params.year, unit_id=params.unit, status=params.status or None
    )
    qs = selectors.filtered_records(request.user, flt)
    if params.record_type:
        qs = qs.filter(record_type__code=params.record_type)
    qs = selectors.record_list_page(qs).select_related("created_by").prefetch_related("tags")
    return paginate(qs, page=params.page, page_size=params.page_size, serialize=record_out)


@router.post("/records/", response={201: RecordOut, **ERROR_RESPONSES}, url_name="records")
def record_create(request: HttpRequest, payload: RecordIn):
    user = request.user
    if not permissions.can_record(user):
        raise ApiError(403, services.NO_PERMISSION)
    data = payload.model_dump()
    submit = data.pop("submit")
    tags = data.pop("tags")
    if data["unit"] is None:
        data["unit"] = user.unit_id
    values = _lookups(user, data)
    record = services.record_create(actor=user, **values, tags=tags, submit=submit)
    return Status(201, record_out(_fetch(user, record.pk)))


@router.get(
    "/records/{record_id}/", response={200: RecordOut, **ERROR_RESPONSES}, url_name="record"
)
def record_detail(request: HttpRequest, record_id: Id):
    return record_out(_fetch(request.user, record_id))


@router.patch(
    "/records/{record_id}/", response={200: RecordOut, **ERROR_RESPONSES}, url_name="record"
)
def record_update(request: HttpRequest, record_id: Id, payload: RecordPatch):
    user = request.user
    record = selectors.get_record_for_user(user, record_id)
    if not permissions.can_edit(user, record):
        raise ApiError(403, services.NO_PERMISSION)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    tags = data.pop("tags", None)
    empty = {name: [REQUIRED] for name in NON_NULL if name in data and data[name] is None}
    if empty:
        raise ApiError(400, INVALID_FIELDS, fields=empty)
    changes = _lookups(user, data)
    record = services.record_update(
        actor=user, record=record, expected_version=version, changes=changes, tags=tags
    )
    return record_out(_fetch(user, record.pk))


@router.post(
    "/records/{record_id}/submit/",
    response={200: RecordOut, **ERROR_RESPONSES},
    url_name="record_submit",
)
def record_submit(request: HttpRequest, record_id: Id):
    user = request.user
    record = selectors.get_record_for_user(user, record_id)
    services.record_submit(actor=user, record=record)
    return record_out(_fetch(user, record.pk))
