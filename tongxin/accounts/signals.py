"""Logins, logouts and failures are security events: each leaves an audit row, and
a failure counts towards the account's lock and its address's delay."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from tongxin.accounts.services.login import login_failure_record, login_success_record
from tongxin.accounts.services.otp import otp_enabled
from tongxin.audit.middleware import client_ip_from_request
from tongxin.audit.services import audit_log

# Set at login when the account has a second factor: its pages wait for the code.
OTP_SESSION_KEY = "tongxin_otp_enabled"


@receiver(user_logged_in)
def _login(sender, request, user, **kwargs):
    login_success_record(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[OTP_SESSION_KEY] = otp_enabled(user)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    with transaction.atomic():
        audit_log(actor=user, action="auth.logout", obj=user, unit=user.unit)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    login_failure_record(
        username=str(credentials.get("username", "")),
        address=client_ip_from_request(request) if request is not None else None,
    )
