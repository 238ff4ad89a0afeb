"""The gate every page passes after login: a second factor waiting for its code, a
password to change (set by an administrator, or expired), an administrator who has
not enrolled a second factor yet. Until then, only the pages that settle it open."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tongxin.accounts.passwords import password_expired
from tongxin.accounts.services.otp import otp_required
from tongxin.accounts.signals import OTP_SESSION_KEY

OPEN_URL_NAMES = [
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:otp_enrol",
    "accounts:otp_verify",
    "accounts:session_ping",
    "core:healthz",
    "set_language",
]
# The API authenticates each request by its bearer token, never by the session, and
# applies the gate's rules itself (tongxin/api/auth.py): a browser's session must not
# turn an API call into a redirect to an HTML page.
API_PREFIX = "/api/"


def gate_for(request) -> str | None:
    """The URL name the user must settle first, or None."""
    user = request.user
    needs_otp = otp_required(user) or request.session.get(OTP_SESSION_KEY, False)
    verified = not needs_otp or user.is_verified()
    if not verified and request.session.get(OTP_SESSION_KEY):
        return "accounts:otp_verify"
    if user.must_change_password or password_expired(user):
        return "accounts:password_change"
    if not verified:
        return "accounts:otp_enrol"
    return None


class SecurityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None
        self._open_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return self._open_paths

    def __call__(self, request):
        path = request.path_info
        if (
            request.user.is_authenticated
            and path not in self.open_paths()
            and not path.startswith(self._open_prefixes)
            and not path.startswith(API_PREFIX)
        ):
            target = gate_for(request)
            if target is not None:
                url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
                if getattr(request, "htmx", False):
                    return HttpResponse(status=204, headers={"HX-Redirect": url})
                return redirect(url)
        return self.get_response(request)
