"""Logins, logouts and failures are security events: each leaves an audit row."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from tongxin.audit.services import audit_log


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit_log(actor=user, action="auth.login", obj=user, unit=user.unit)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    with transaction.atomic():
        audit_log(actor=user, action="auth.logout", obj=user, unit=user.unit)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    with transaction.atomic():
        audit_log(action="auth.login_failed", actor_name=str(credentials.get("username", ""))[:150])
