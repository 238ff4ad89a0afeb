import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from tongxin.core.home import home_cards_for

logger = logging.getLogger(__name__)


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {"unit": request.user.unit, "cards": home_cards_for(request)},
    )


@never_cache
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def _render_without_request(template_name: str) -> str:
    # No request context: context processors may need the database that just failed.
    return loader.get_template(template_name).render({})


# SQLSTATE classes of a database that cannot be reached or is shutting down:
# 08 connection exception, 53 insufficient resources, 57P operator intervention.
_UNREACHABLE_SQLSTATES = ("08", "53", "57P")
# Without a SQLSTATE (SQLite, or a connection that failed before any was sent).
_UNREACHABLE_WORDS = (
    "connect",
    "server",
    "database is locked",
    "unable to open",
    "disk i/o",
    "terminat",
    "closed",
    "timeout",
)


def database_unreachable(exc: BaseException | None) -> bool:
    """True for an error that says the database cannot be reached, not for one that
    an SQL statement caused (an FTS syntax error is an OperationalError too)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_UNREACHABLE_SQLSTATES)
    message = str(exc).lower()
    return any(word in message for word in _UNREACHABLE_WORDS)


def server_error(request):
    """500, or 503 when the cause is an unreachable database."""
    exc = sys.exc_info()[1]
    if database_unreachable(exc):
        logger.error("database unavailable: %s", exc)
        response = HttpResponse(_render_without_request("errors/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(_render_without_request("errors/500.html"))
