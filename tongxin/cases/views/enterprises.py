"""The enterprise registry pages: list, create, import, detail, edit, list memberships."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.cases import permissions, selectors
from tongxin.cases.forms import (
    EnterpriseForm,
    MembershipForm,
    add_errors,
)
from tongxin.cases.models import Ownership
from tongxin.cases.services import enterprises as enterprises_services
from tongxin.cases.services.enterprises import (
    ENTERPRISE_FIELDS,
    enterprise_update,
    enterprises_import,
)

PAGE_SIZE = 50


@business_user_required
def enterprise_list(request):
    q = request.GET.get("q", "")
    ownership = request.GET.get("ownership", "")
    qs = selectors.enterprise_list(request.user, q=q, ownership=ownership)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/enterprise_list.html",
        {
            "page": page,
            "q": q,
            "ownership": ownership,
            "query": urlencode({"q": q, "ownership": ownership}),
            "ownerships": Ownership.choices,
            "can_create": permissions.can_keep_enterprise(request.user, None),
        },
    )


@business_user_required
def enterprise_create(request):
    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = enterprises_services.enterprise_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("企业已登记。"))
            return redirect("cases:enterprise_detail", pk=enterprise.pk)
    return render(request, "cases/enterprise_form.html", {"form": form, "enterprise": None})


@business_user_required
def enterprise_import(request):
    """Upload an .xlsx list; every row checked, then all merged or none."""
    from tongxin.accounts.access import visible_units
    from tongxin.cases.importing import read_enterprises

    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("请选择要导入的 Excel 文件。")]
        else:
            units = [u for u in visible_units(request.user) if u.is_active]
            result = read_enterprises(upload.read(), units=units, filename=upload.name)
            errors = result.errors
            if not errors:
                try:
                    counts = enterprises_import(
                        actor=request.user, rows=result.rows, filename=upload.name[:200]
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    messages.success(
                        request,
                        _(
                            "导入完成：新登记{created}家，更新{updated}家，无变化{unchanged}家。"
                        ).format(**counts),
                    )
                    return redirect("cases:enterprise_list")
    return render(request, "cases/enterprise_import.html", {"errors": errors})


@business_user_required
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_get(request.user, pk)
    return render(
        request,
        "cases/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "memberships": enterprise.memberships.all(),
            "cases": selectors.case_queryset(request.user)
            .filter(enterprise=enterprise)
            .select_related("lead_unit"),
            "history": selectors.enterprise_history(enterprise),
            "can_edit": permissions.can_keep_enterprise(request.user, enterprise.district),
            "membership_form": MembershipForm(initial={"year": timezone.localdate().year}),
        },
    )


@business_user_required
def enterprise_edit(request, pk: int):
    enterprise = selectors.enterprise_get(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, enterprise.district):
        raise PermissionDenied
    initial = {name: getattr(enterprise, name) for name in ENTERPRISE_FIELDS}
    form = EnterpriseForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_update(actor=request.user, enterprise=enterprise, changes=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("企业信息已保存。"))
            return redirect("cases:enterprise_detail", pk=enterprise.pk)
    return render(request, "cases/enterprise_form.html", {"form": form, "enterprise": enterprise})


@business_user_required
@require_POST
def enterprise_membership_add(request, pk: int):
    enterprise = selectors.enterprise_get(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, enterprise.district):
        raise PermissionDenied
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            enterprises_services.enterprise_membership_add(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("榜单入选已记录。"))
    else:
        messages.error(request, _("请填写年度和榜单名称。"))
    return redirect("cases:enterprise_detail", pk=enterprise.pk)
