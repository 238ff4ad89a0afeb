from django.conf import settings

from tongxin.accounts.session_refresh import seconds_left


def idle_timeout(request):
    """For the page's idle warning (base.html), to a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # The time left before the server ends the session, not the whole idle time:
        # the expiry is not pushed forward on every request (accounts/session_refresh.py).
        "idle_seconds": (
            seconds_left(request.session)
            if hasattr(request, "session")
            else settings.SESSION_COOKIE_AGE
        ),
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
