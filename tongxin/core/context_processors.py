from django.conf import settings

from tongxin.accounts.roles import BUSINESS_ROLES
from tongxin.accounts.session_refresh import seconds_left
from tongxin.core.navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    idle = {
        # The time left before the server ends the session, not the whole idle time:
        # the expiry is not pushed forward on every request (accounts/session_refresh.py).
        "idle_seconds": (
            seconds_left(request.session)
            if hasattr(request, "session")
            else settings.SESSION_COOKIE_AGE
        ),
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
    items = nav_for(user, request.path)
    if user.role in BUSINESS_ROLES:
        from tongxin.ledger.selectors import inbox_count

        for item in items:
            if item["key"] == "inbox":
                count = inbox_count(user)
                # Each section is counted up to INBOX_COUNT_CAP: past 99, "99+".
                item["count"] = "99+" if count > 99 else count
    return {"nav_items": items, **idle}
