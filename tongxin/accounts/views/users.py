"""The administrators' account pages: the system administrator creates, edits,
unlocks, resets and deactivates accounts; the security administrator grants and
revokes roles and resets a lost second factor. Each page checks its own role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts import handover, permissions, selectors
from tongxin.accounts.access import get_account_for_admin
from tongxin.accounts.forms import (
    DeactivateForm,
    RoleForm,
    UserCreateForm,
    UserEditForm,
    add_errors,
)
from tongxin.accounts.roles import ADMIN_ROLES, Role
from tongxin.accounts.services import otp as otp_services
from tongxin.accounts.services import users as users_services
from tongxin.accounts.services.login import locked_message
from tongxin.accounts.services.otp import otp_disable
from tongxin.accounts.services.users import user_role_set, user_update

PAGE_SIZE = 50


def _two_person_refusal(request, account, exc: ValidationError):
    """An administrator's account: the change is refused here and made through the
    two-person pages instead (views/admin_requests.py)."""
    messages.error(request, " ".join(exc.messages))
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
def user_list(request):
    permissions.require(permissions.can_see_accounts(request.user))
    q = (request.GET.get("q") or "").strip()
    page = Paginator(selectors.user_list(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "q": q,
            "query": f"q={q}" if q else "",
            "can_manage": permissions.can_manage_users(request.user),
        },
    )


@login_required
def user_detail(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "can_manage": permissions.can_manage_users(request.user),
            "can_grant": permissions.can_grant_roles(request.user),
            "otp_enabled": otp_services.otp_enabled(account),
            "locked": locked_message(account),
            "role_form": RoleForm(initial={"role": account.role}),
            # 三员: their accounts change only through a two-person request.
            "two_person": account.role in ADMIN_ROLES,
        },
    )


@login_required
def user_create(request):
    permissions.require(permissions.can_manage_users(request.user))
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = users_services.user_create(
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                role=Role.NONE,
                unit=data["unit"],
                password=None,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            password = users_services.user_password_reset(actor=request.user, user=account)
            return render(
                request,
                "accounts/user_password_issued.html",
                {"account": account, "password": password, "created": True},
            )
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
def user_edit(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_manage_users(request.user))
    form = UserEditForm(
        request.POST or None,
        initial={"display_name": account.display_name, "unit": account.unit},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_update(
                actor=request.user,
                user=account,
                display_name=form.cleaned_data["display_name"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@login_required
@require_POST
def user_password_reset(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_manage_users(request.user))
    try:
        password = users_services.user_password_reset(actor=request.user, user=account)
    except ValidationError as exc:
        return _two_person_refusal(request, account, exc)
    return render(
        request,
        "accounts/user_password_issued.html",
        {"account": account, "password": password, "created": False},
    )


@login_required
@require_POST
def user_unlock(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_manage_users(request.user))
    users_services.user_unlock(actor=request.user, user=account)
    messages.success(request, _("已解除锁定。"))
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
def user_deactivate(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_manage_users(request.user))
    form = DeactivateForm(request.POST or None, leaving=account)
    if request.method == "POST" and form.is_valid():
        try:
            handed = users_services.user_deactivate(
                actor=request.user, user=account, successor=form.cleaned_data["successor"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已停用账号，移交未办结事项 %(n)d 项。") % {"n": sum(handed.values())},
            )
            return redirect("accounts:user_detail", pk=account.pk)
    items = [
        (handover.HANDOVER_STEPS[key].label, n) for key, n in handover.open_items(account).items()
    ]
    return render(
        request,
        "accounts/user_deactivate.html",
        {"account": account, "form": form, "open_items": items},
    )


@login_required
@require_POST
def user_reactivate(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_manage_users(request.user))
    users_services.user_reactivate(actor=request.user, user=account)
    messages.success(request, _("已重新启用账号。"))
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_role(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_grant_roles(request.user))
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            user_role_set(actor=request.user, user=account, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已变更角色。"))
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_otp_reset(request, pk: int):
    account = get_account_for_admin(request.user, pk)
    permissions.require(permissions.can_grant_roles(request.user))
    try:
        otp_disable(actor=request.user, user=account)
    except ValidationError as exc:
        return _two_person_refusal(request, account, exc)
    messages.success(request, _("已重置双因素认证，该用户下次登录时须重新绑定。"))
    return redirect("accounts:user_detail", pk=account.pk)
