"""The unit directory pages: list, detail, create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.accounts import permissions, selectors
from tongxin.accounts.access import get_unit_for_admin, get_unit_for_user
from tongxin.accounts.forms import UnitForm, add_errors
from tongxin.accounts.services import units as units_services
from tongxin.accounts.services.units import unit_update


@login_required
def unit_list(request):
    units = list(selectors.unit_directory(request.user))
    return render(
        request,
        "accounts/unit_list.html",
        {"units": units, "can_manage": permissions.can_manage_units(request.user)},
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.unit_children(unit),
            "members": selectors.unit_members(unit),
            "can_manage": permissions.can_manage_units(request.user),
        },
    )


@login_required
def unit_create(request):
    permissions.require(permissions.can_manage_units(request.user))
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = units_services.unit_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                sort_order=data["sort_order"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已新建单位。"))
            return redirect("accounts:unit_detail", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk: int):
    unit = get_unit_for_admin(request.user, pk)
    initial = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent,
        "sort_order": unit.sort_order,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, editing=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit_update(
                actor=request.user,
                unit=unit,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                sort_order=data["sort_order"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:unit_detail", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})
