"""The security page and the second factor: enrol, verify, disable, recovery codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tongxin.accounts.forms import OtpTokenForm
from tongxin.accounts.qr import qr_svg
from tongxin.accounts.services import otp as otp_services
from tongxin.accounts.services.otp import (
    otp_enrol_confirm,
    otp_enrol_start,
    otp_recovery_codes_renew,
    otp_secret_text,
)
from tongxin.accounts.signals import OTP_SESSION_KEY
from tongxin.accounts.views.login import _next_url, _with_next


def _otp_passed(request, device) -> None:
    otp_login(request, device)
    request.session[OTP_SESSION_KEY] = True


@login_required
def otp_enrol(request):
    """Enrolment: the QR code (and the secret in text) for an authenticator app, then
    a code from it; the recovery codes are shown once, on the answer."""
    user = request.user
    if otp_services.otp_enabled(user) and not user.is_verified():
        return redirect(_with_next("accounts:otp_verify", request))
    device = otp_enrol_start(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp_enrol_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            _otp_passed(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    secret = otp_secret_text(device)
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": secret,
            "required": otp_services.otp_required(user),
            "next": _next_url(request),
        },
    )


@login_required
def otp_verify(request):
    user = request.user
    if not otp_services.otp_enabled(user):
        return redirect(_with_next("accounts:otp_enrol", request))
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = otp_services.otp_wait_seconds(otp_services.otp_device(user))
        device = otp_services.otp_verify(user=user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", otp_services.otp_refusal_message(wait))
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
            "otp_enabled": otp_services.otp_enabled(user),
            "otp_required": otp_services.otp_required(user),
        },
    )


@login_required
@require_POST
def otp_disable(request):
    try:
        otp_services.otp_disable(actor=request.user, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        request.session[OTP_SESSION_KEY] = False
        messages.success(request, _("已关闭双因素认证。"))
    return redirect("accounts:security")


@login_required
@require_POST
def otp_recovery_codes(request):
    if not otp_services.otp_enabled(request.user):
        return redirect("accounts:security")
    codes = otp_recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:security")},
    )
