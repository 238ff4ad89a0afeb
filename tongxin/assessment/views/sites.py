from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_unit_for_user
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.assessment.forms import SiteForm
from tongxin.assessment.selectors import sites
from tongxin.assessment.services import sites as site_services
from tongxin.assessment.views.schemes import form_errors
from tongxin.ledger.selectors import get_record_for_user


def _can_record(user) -> bool:
    return user.role in (Role.EDITOR, Role.REPORTER)


@business_user_required
def site_list(request):
    category = request.GET.get("category", "")
    return render(
        request,
        "assessment/site_list.html",
        {
            "sites": sites.site_list(request.user, category=category),
            "counts": sites.site_counts_by_category(request.user),
            "category": category,
            "can_record": _can_record(request.user),
        },
    )


@business_user_required
def site_create(request):
    if not _can_record(request.user):
        raise PermissionDenied
    form = SiteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = site_services.site_create(
                actor=request.user,
                name=data["name"],
                unit=get_unit_for_user(request.user, data["unit"].pk),
                category=data["category"],
                designation=data["designation"],
                designated_on=data["designated_on"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已登记阵地，命名记录已提交审核。"))
            return redirect("assessment:site_detail", pk=site.pk)
    return render(request, "assessment/site_form.html", {"form": form})


@business_user_required
def site_detail(request, pk: int):
    site = sites.site_get(request.user, pk)
    return render(
        request,
        "assessment/site_detail.html",
        {
            "site": site,
            "records": sites.site_records(request.user, site),
            "can_record": _can_record(request.user),
        },
    )


@business_user_required
@require_POST
def site_record_add(request, pk: int):
    site = sites.site_get(request.user, pk)
    if not _can_record(request.user):
        raise PermissionDenied
    number = request.POST.get("record", "")
    if not number.isdigit():
        messages.error(request, _("请填写记录编号。"))
        return redirect("assessment:site_detail", pk=site.pk)
    record = get_record_for_user(request.user, number)
    try:
        site_services.site_record_link(actor=request.user, site=site, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已关联记录。"))
    return redirect("assessment:site_detail", pk=site.pk)
