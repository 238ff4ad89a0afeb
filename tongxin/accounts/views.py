from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tongxin.accounts import permissions, selectors, services
from tongxin.accounts.access import get_unit_for_admin, get_unit_for_user
from tongxin.accounts.forms import LoginForm, OtpTokenForm, PasswordChangeForm, UnitForm
from tongxin.accounts.passwords import password_expired
from tongxin.accounts.qr import qr_svg
from tongxin.accounts.session_refresh import refresh
from tongxin.accounts.signals import OTP_SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.GET.get("idle") == "1"
        return context


logout_view = auth_views.LogoutView.as_view()


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def _next_url(request, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@require_POST
def session_ping(request):
    """The idle warning's "continue": always restarts the session's idle clock (a page
    view restarts it only once per SESSION_REFRESH_SECONDS)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    refresh(request.session)
    return HttpResponse(status=204)


# --- Password ------------------------------------------------------------------------


@login_required
def password_change(request):
    user = request.user
    forced = user.must_change_password or password_expired(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(
                actor=user, user=user, new_password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "forced": forced,
            "expired": password_expired(user),
            "next": _next_url(request),
        },
    )


# --- Second factor -------------------------------------------------------------------


def _otp_passed(request, device) -> None:
    otp_login(request, device)
    request.session[OTP_SESSION_KEY] = True


@login_required
def otp_enrol(request):
    """Enrolment: the QR code (and the secret in text) for an authenticator app, then
    a code from it; the recovery codes are shown once, on the answer."""
    user = request.user
    if services.otp_enabled(user) and not user.is_verified():
        return redirect(_with_next("accounts:otp_verify", request))
    device = services.otp_enrol_start(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.otp_enrol_confirm(
                user=user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            _otp_passed(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    secret = services.otp_secret_text(device)
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": secret,
            "required": services.otp_required(user),
            "next": _next_url(request),
        },
    )


@login_required
def otp_verify(request):
    user = request.user
    if not services.otp_enabled(user):
        return redirect(_with_next("accounts:otp_enrol", request))
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.otp_verify(user=user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", services.OTP_WRONG)
        else:
            _otp_passed(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def security(request):
    """The user's own security page: password, second factor, recovery codes."""
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "otp_enabled": services.otp_enabled(user),
            "otp_required": services.otp_required(user),
        },
    )


@login_required
@require_POST
def otp_disable(request):
    try:
        services.otp_disable(actor=request.user, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        request.session[OTP_SESSION_KEY] = False
        messages.success(request, _("已关闭双因素认证。"))
    return redirect("accounts:security")


@login_required
@require_POST
def otp_recovery_codes(request):
    if not services.otp_enabled(request.user):
        return redirect("accounts:security")
    codes = services.otp_recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:security")},
    )


# --- Units ---------------------------------------------------------------------------


@login_required
def unit_list(request):
    units = list(selectors.unit_directory_for_user(request.user))
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
            unit = services.unit_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                sort_order=data["sort_order"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
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
            services.unit_update(
                actor=request.user,
                unit=unit,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                sort_order=data["sort_order"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:unit_detail", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
