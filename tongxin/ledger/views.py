from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_object_for_user
from tongxin.accounts.decorators import business_user_required
from tongxin.audit.selectors import audit_events_for
from tongxin.core.downloads import stored_file_response
from tongxin.ledger import closedyears, closing, permissions, selectors, services
from tongxin.ledger.exporting import record_filter_from_params
from tongxin.ledger.forms import (
    EvidenceForm,
    LinkForm,
    RecordFilterForm,
    RecordForm,
    ReturnForm,
)
from tongxin.ledger.models import (
    Correction,
    Evidence,
    FormDraft,
    RecordStatus,
    RecordType,
    WorkArea,
)
from tongxin.ledger.owners import OwnedRecordError, record_owner
from tongxin.ledger.pending_evidence import PendingEvidence
from tongxin.ledger.thumbnails import thumbnail_bytes

PAGE_SIZE = 50
EXACT_TOTALS = "all"  # ?totals=all: a search's exact count and totals, however many hits


def _filter_from_request(request) -> tuple[RecordFilterForm, selectors.RecordFilter]:
    # One reading of the filters for the list and its export.
    return RecordFilterForm(request.GET), record_filter_from_params(request.GET)


def _totals_queries(request) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    exact = query.copy()
    exact["totals"] = EXACT_TOTALS
    return {"query": query.urlencode(), "exact_totals_query": exact.urlencode()}


@business_user_required
def record_list(request):
    form, flt = _filter_from_request(request)
    # A search's page is read without counting its hits (统战 is in a third of all
    # records): the count and totals follow in a request of their own (record_totals),
    # counted to a limit, and exactly on request (totals=all).
    if flt.q:
        page, totals = selectors.search_results(
            request.user,
            flt,
            page=request.GET.get("page"),
            size=PAGE_SIZE,
            exact=request.GET.get("totals") == EXACT_TOTALS,
        )
    else:
        qs = selectors.filtered_records(request.user, flt)
        totals = selectors.measure_totals(qs)
        paginator = Paginator(selectors.record_list_page(qs), PAGE_SIZE)
        # The totals count the records: one pass over the filtered set serves both.
        paginator.count = totals["records"]
        page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "flt": flt,
        "page": page,
        "uncounted_pages": isinstance(page, selectors.SearchPage),
        "totals": totals,
        **_totals_queries(request),
        "units": selectors.filter_units(request.user),
        "areas": WorkArea.objects.all(),
        "types": RecordType.objects.all(),
        "can_review": permissions.can_review(request.user),
        "can_record": permissions.can_record(request.user),
        "sorts": selectors.SORTS,
        # Each row's link is this plus the id: one reverse() for the page rather than
        # one a row (a tenth of the list's rendering time).
        "record_url_prefix": reverse("ledger:record_detail", args=[0]).removesuffix("0/"),
    }
    template = "ledger/record_list_rows.html" if request.htmx else "ledger/record_list.html"
    return render(request, template, context)


@business_user_required
def record_totals(request):
    """A search's count and totals, counted to SEARCH_COUNT_LIMIT: the list's page asks
    for them once it is shown (htmx)."""
    _, flt = _filter_from_request(request)
    totals = selectors.search_totals(request.user, flt)
    context = {"totals": totals, **_totals_queries(request)}
    # A fragment: without the request, so no context processor runs a query for it.
    return HttpResponse(render_to_string("ledger/_record_totals.html", context))


@business_user_required
def record_detail(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    outgoing, incoming = selectors.record_links(record)
    return render(
        request,
        "ledger/record_detail.html",
        {
            "record": record,
            # Written by another module: changed there, so the two stay one.
            "owner": record_owner(record),
            "tags": record.tags.all(),
            "evidence": record.evidence.filter(is_removed=False),
            "outgoing": outgoing,
            "incoming": incoming,
            "history": audit_events_for(object_type="ledger.workrecord", object_id=str(record.pk)),
            "can_edit": permissions.can_edit(request.user, record),
            "can_review": permissions.can_review(request.user),
            "can_record": permissions.can_record(request.user),
            "return_form": ReturnForm(),
            "evidence_form": EvidenceForm(),
            "link_form": LinkForm(),
            "year_closed": closedyears.year_is_closed(record.date.year),
            "corrections": record.corrections.select_related("requested_by", "decided_by"),
        },
    )


def _restore_autosave(request, record, form_initial: dict) -> bool:
    draft = FormDraft.objects.filter(user=request.user, record=record).first()
    if draft and draft.data:
        form_initial.update(draft.data)
        return True
    return False


@business_user_required
def record_create(request):
    if not permissions.can_record(request.user):
        raise PermissionDenied
    pending = None
    if request.method == "POST":
        form = RecordForm(request.POST, user=request.user)
        # The files come in the same submit; kept on the server if the form fails.
        pending = PendingEvidence.from_request(request)
        if form.is_valid() and not pending.errors:
            try:
                # The record reaches the approver with its evidence, or not at all.
                with transaction.atomic():
                    record = services.record_create(
                        actor=request.user,
                        **form.record_values(),
                        tags=form.cleaned_data["tags"],
                        submit="submit" in request.POST,
                    )
                    pending.attach(actor=request.user, record=record)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                pending.discard(request)
                draft = record.status == RecordStatus.DRAFT
                messages.success(request, _("记录已保存。") if draft else _("记录已提交审核。"))
                return redirect("ledger:record_detail", pk=record.pk)
    else:
        initial = {}
        restored = _restore_autosave(request, None, initial)
        form = RecordForm(initial=initial, user=request.user)
        if restored:
            messages.info(request, _("已恢复您上次未保存的填写内容。"))
    return render(
        request,
        "ledger/record_form.html",
        {
            "form": form,
            "record": None,
            "pending": pending,
            "types": RecordType.objects.all(),
        },
    )


@business_user_required
def record_edit(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    if not permissions.can_edit(request.user, record):
        raise PermissionDenied
    owner = record_owner(record)
    if owner is not None:
        messages.error(request, owner.refusal_html())
        return redirect("ledger:record_detail", pk=record.pk)
    stale = None
    pending = None
    if request.method == "POST":
        form = RecordForm(request.POST, user=request.user)
        pending = PendingEvidence.from_request(request)
        if form.is_valid() and not pending.errors:
            try:
                with transaction.atomic():
                    record = services.record_update(
                        actor=request.user,
                        record=record,
                        expected_version=form.cleaned_data["version"] or 0,
                        changes=form.record_values(),
                        tags=form.cleaned_data["tags"],
                        submit="submit" in request.POST,
                    )
                    pending.attach(actor=request.user, record=record)
            except services.StaleRecordError as exc:
                stale = exc
                # Keep what the user typed; a second save is then a conscious choice.
                data = request.POST.copy()
                data["version"] = exc.record.version
                form = RecordForm(data, user=request.user)
                form.is_valid()
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                pending.discard(request)
                messages.success(request, _("修改已保存。"))
                return redirect("ledger:record_detail", pk=record.pk)
    else:
        initial = {
            "unit": record.unit_id,
            "record_type": record.record_type_id,
            "area": record.area_id,
            "date": record.date,
            "end_date": record.end_date,
            "title": record.title,
            "description": record.description,
            "count": record.count,
            "participants": record.participants,
            "amount": record.amount,
            "tags": ", ".join(record.tags.values_list("name", flat=True)),
            "version": record.version,
        }
        if _restore_autosave(request, record, initial):
            initial["version"] = record.version
            messages.info(request, _("已恢复您上次未保存的修改。"))
        form = RecordForm(initial=initial, user=request.user)
    stale_rows = []
    if stale:
        stale_rows = [
            (form.fields[name].label if name in form.fields else name, now, yours)
            for name, (now, yours) in stale.changes.items()
        ]
    return render(
        request,
        "ledger/record_form.html",
        {
            "form": form,
            "record": record,
            "pending": pending,
            "stale": stale,
            "stale_rows": stale_rows,
            "types": RecordType.objects.all(),
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


ACTIONS = {
    "submit": (services.record_submit, gettext_lazy("记录已提交审核。")),
    "approve": (services.record_approve, gettext_lazy("记录已审核通过。")),
    "withdraw": (services.record_withdraw, gettext_lazy("记录已撤销，不再计入任何统计。")),
    "restore": (services.record_restore, gettext_lazy("记录已恢复。")),
}


@business_user_required
@require_POST
def record_action(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("退回时请填写原因。"))
            services.record_return(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("记录已退回。"))
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            service(actor=request.user, record=record)
            messages.success(request, done)
        else:
            raise Http404
    except OwnedRecordError as exc:
        messages.error(request, exc.owner.refusal_html())
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    # Approved from the inbox row: back to the inbox, with what is left to do.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("ledger:record_detail", pk=record.pk)


@business_user_required
@require_POST
def record_bulk(request):
    if not permissions.can_review(request.user):
        raise PermissionDenied
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    records = list(selectors.records_visible_to(request.user).filter(pk__in=ids))
    if not records:
        messages.error(request, _("请先勾选记录。"))
        return redirect(request.POST.get("next") or "ledger:record_list")
    try:
        if request.POST.get("action") == "return":
            count = services.records_bulk_return(
                actor=request.user, records=records, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                ngettext("已退回 %(n)d 条记录。", "已退回 %(n)d 条记录。", count) % {"n": count},
            )
        else:
            count = services.records_bulk_approve(actor=request.user, records=records)
            messages.success(
                request,
                ngettext("已审核通过 %(n)d 条记录。", "已审核通过 %(n)d 条记录。", count)
                % {"n": count},
            )
    except ValidationError as exc:
        messages.error(request, _("未做任何更改：") + _("；").join(exc.messages))
    return redirect(request.POST.get("next") or reverse("ledger:record_list"))


@business_user_required
@require_POST
def evidence_upload(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    if not permissions.can_edit(request.user, record):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_attach(
                actor=request.user, record=record, uploaded_file=form.cleaned_data["file"]
            )
            messages.success(request, _("佐证材料已上传。"))
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("ledger:record_detail", pk=record.pk)


@business_user_required
def evidence_download(request, pk: int):
    evidence = get_object_for_user(
        request.user, Evidence.objects.select_related("record"), pk, unit_field="record__unit"
    )
    if evidence.is_removed:
        raise Http404
    # Named and typed by its bytes, not by the uploader's name (invoice.pdf.exe).
    return stored_file_response(evidence.file.open("rb"), evidence.original_name)


@business_user_required
def evidence_thumbnail(request, pk: int):
    """A small JPEG of an image's evidence (phone HEIC photos included), made once."""
    evidence = get_object_for_user(
        request.user, Evidence.objects.select_related("record"), pk, unit_field="record__unit"
    )
    data = None if evidence.is_removed else thumbnail_bytes(evidence)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@business_user_required
@require_POST
def record_link_add(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        target = selectors.get_record_for_user(request.user, form.cleaned_data["target"])
        try:
            services.record_link_create(
                actor=request.user, source=record, target=target, kind=form.cleaned_data["kind"]
            )
            messages.success(request, _("已添加关联。"))
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
    else:
        messages.error(request, _("请填写关联类型和目标记录编号。"))
    return redirect("ledger:record_detail", pk=record.pk)


@business_user_required
@require_POST
def autosave(request):
    """Called by the form every few seconds while it is being filled in."""
    record = None
    if request.POST.get("record"):
        record = selectors.get_record_for_user(request.user, request.POST["record"])
    data = {k: v for k, v in request.POST.items() if k not in {"record", "csrfmiddlewaretoken"}}
    services.form_draft_save(actor=request.user, record=record, data=data)
    return HttpResponse(status=204)


@business_user_required
def duplicates_check(request):
    """The possible-duplicates box under the form (htmx)."""
    form = RecordForm(request.GET, user=request.user)
    form.is_valid()
    data = form.cleaned_data
    dups = None
    if data.get("record_type") and data.get("date") and data.get("title"):
        dups = selectors.possible_duplicates(
            request.user,
            record_type_id=data["record_type"].pk,
            date=data["date"],
            title=data["title"],
            exclude_pk=request.GET.get("record") or None,
        )
    return render(request, "ledger/_duplicates.html", {"dups": dups})


@business_user_required
@require_POST
def correction_request(request, pk: int):
    record = selectors.get_record_for_user(request.user, pk)
    changes = {
        field: request.POST[field]
        for field in ("title", "count", "participants", "amount")
        if request.POST.get(field, "").strip() != ""
    }
    try:
        closing.correction_request(
            actor=request.user,
            record=record,
            kind=request.POST.get("kind", "change"),
            reason=request.POST.get("reason", ""),
            changes=changes,
        )
        messages.success(request, _("更正申请已提交，待部机关审核后生效。"))
    except OwnedRecordError as exc:
        messages.error(request, exc.owner.refusal_html())
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    return redirect("ledger:record_detail", pk=record.pk)


@business_user_required
@require_POST
def correction_decide(request, pk: int):
    correction = get_object_for_user(
        request.user, Correction.objects.select_related("record"), pk, unit_field="unit"
    )
    try:
        if request.POST.get("decision") == "approve":
            closing.correction_approve(
                actor=request.user, correction=correction, note=request.POST.get("note", "")
            )
            messages.success(request, _("更正已批准并生效。"))
        else:
            closing.correction_reject(
                actor=request.user, correction=correction, note=request.POST.get("note", "")
            )
            messages.success(request, _("更正已驳回。"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    correction.refresh_from_db(fields=["record"])
    if request.POST.get("next", "").startswith("/"):
        return redirect(request.POST["next"])
    if correction.record_id is None:
        return redirect("ledger:correction_detail", pk=correction.pk)
    return redirect("ledger:record_detail", pk=correction.record_id)


@business_user_required
def correction_detail(request, pk: int):
    """A correction asked without a record yet (补录 of a late item), or any other."""
    correction = get_object_for_user(
        request.user,
        Correction.objects.select_related("record", "unit", "requested_by", "decided_by"),
        pk,
        unit_field="unit",
    )
    return render(
        request,
        "ledger/correction_detail.html",
        {"c": correction, "can_review": permissions.can_review(request.user)},
    )
