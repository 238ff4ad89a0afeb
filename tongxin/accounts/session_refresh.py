"""The idle timeout, without a database write on every page view.

SESSION_COOKIE_AGE is an idle timeout: a request pushes the session's expiry forward.
Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) did that, but cost a
write transaction (BEGIN, UPDATE django_session, COMMIT with its fsync) per page view,
which showed under load. Instead the session remembers when it was last saved
(`_refreshed_at`), and the first request SESSION_REFRESH_SECONDS or more later marks
it modified, so SessionMiddleware saves it and re-sends the cookie with a new expiry.
A session saved for any other reason (login, a change) restarts the clock as well.

The page is told the time really left (`seconds_left`: in the template context, and
in the X-Idle-Seconds header of every answer to a signed-in user, for the page's own
requests), so its warning still comes a minute before the real logout.
"""

import math

from django.conf import settings
from django.utils import timezone

REFRESHED_AT = "_refreshed_at"
IDLE_HEADER = "X-Idle-Seconds"


def _now() -> float:
    return timezone.now().timestamp()


def refresh_interval() -> int:
    # At most half the idle time: a longer interval could let an active user's session lapse.
    return min(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)


def refresh(session) -> None:
    """Restart the idle clock: the session is saved, with a new expiry, after this request."""
    # Rounded up, so the clock never starts before the save that sets the expiry, and
    # the page never logs out before the server has.
    session[REFRESHED_AT] = math.ceil(_now())


def seconds_left(session) -> int:
    """Whole seconds before the session expires on the server (never less than the truth)."""
    age = settings.SESSION_COOKIE_AGE
    refreshed_at = session.get(REFRESHED_AT)
    if session.modified or refreshed_at is None:
        return age  # saved at the end of this request: the whole idle time from now
    return max(0, min(age, math.ceil(age - (_now() - refreshed_at))))


class SessionRefreshMiddleware:
    """Pushes a signed-in session's expiry forward at most once per refresh interval."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refreshed_at = request.session.get(REFRESHED_AT)
            if refreshed_at is None or _now() - refreshed_at >= refresh_interval():
                refresh(request.session)
        response = self.get_response(request)
        session = request.session
        # After a logout the user is anonymous and the session empty: nothing to keep.
        if request.user.is_authenticated and not session.is_empty():
            if session.modified:
                refresh(session)  # saved anyway: the clock restarts with this save
            response.headers[IDLE_HEADER] = str(seconds_left(session))
        return response
