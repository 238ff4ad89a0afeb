"""The two-person rule's pages: an administrator requests a change to another
administrator's account, a different one approves or refuses it; the target
redeems the two halves of its one-time credential (services/admin_requests.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts import permissions, selectors
from tongxin.accounts.forms import AdminActivationForm, AdminRequestForm, add_errors
from tongxin.accounts.models import AdminRequest, User
from tongxin.accounts.services import admin_requests as services
from tongxin.accounts.services.login import login_failure_record, login_refusal
from tongxin.audit.middleware import client_ip_from_request

BACKEND = "tongxin.accounts.backends.UnitAwareModelBackend"


def _require_admin(request) -> None:
    permissions.require(permissions.can_take_part_in_admin_requests(request.user))


@login_required
def admin_request_list(request):
    _require_admin(request)
    return render(
        request,
        "accounts/admin_request_list.html",
        selectors.admin_request_list(user=request.user),
    )


@login_required
def admin_request_create(request):
    _require_admin(request)
    initial = {}
    target_pk = request.GET.get("target", "")
    if target_pk.isdigit() and len(target_pk) < 19:
        target = User.objects.filter(pk=int(target_pk)).first()
        if target is not None:
            initial["username"] = target.username
    if request.GET.get("action"):
        initial["action"] = request.GET["action"]
    form = AdminRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            admin_request, half = services.admin_request_create(
                actor=request.user,
                target=form.target,
                action=data["action"],
                role=data["role"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return render(
                request,
                "accounts/admin_request_half.html",
                {"admin_request": admin_request, "half": half, "approved": False},
            )
    return render(request, "accounts/admin_request_form.html", {"form": form})


def _decide(request, pk: int, decide):
    _require_admin(request)
    admin_request = get_object_or_404(AdminRequest.objects.select_related("target"), pk=pk)
    try:
        return admin_request, decide(actor=request.user, request=admin_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return admin_request, None


@login_required
@require_POST
def admin_request_approve(request, pk: int):
    admin_request, half = _decide(request, pk, services.admin_request_approve)
    if half is None:
        return redirect("accounts:admin_request_list")
    admin_request.refresh_from_db()
    return render(
        request,
        "accounts/admin_request_half.html",
        {"admin_request": admin_request, "half": half, "approved": True},
    )


@login_required
@require_POST
def admin_request_refuse(request, pk: int):
    _, done = _decide(request, pk, services.admin_request_refuse)
    if done is not None:
        messages.success(request, _("已拒绝该申请。"))
    return redirect("accounts:admin_request_list")


@login_required
@require_POST
def admin_request_cancel(request, pk: int):
    _, done = _decide(request, pk, services.admin_request_cancel)
    if done is not None:
        messages.success(request, _("已撤回该申请。"))
    return redirect("accounts:admin_request_list")


def admin_activate(request):
    """The target's page: user name, the two halves, its own password; then it is
    logged in and the security gate sends it to enrol its own second factor."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = AdminActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = client_ip_from_request(request)
        # Guessing halves counts like guessing passwords: the same lock and delay.
        refusal = login_refusal(username=data["username"], address=address)
        if refusal:
            form.add_error(None, refusal)
        else:
            try:
                user = services.admin_credential_redeem(
                    username=data["username"],
                    half_a=data["half_a"],
                    half_b=data["half_b"],
                    password1=data["password1"],
                    password2=data["password2"],
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "credential":
                    login_failure_record(username=data["username"], address=address)
                    form.add_error(None, exc)
                elif hasattr(exc, "error_dict"):
                    add_errors(form, exc)
                else:
                    form.add_error("password1", exc)
            else:
                login(request, user, backend=BACKEND)
                messages.success(request, _("密码已设置。请绑定您自己的身份验证器。"))
                return redirect("accounts:otp_enrol")
    return render(request, "accounts/admin_activate.html", {"form": form})
