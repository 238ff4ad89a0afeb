import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@login_required
def home(request):
    return render(request, "core/home.html", {"unit": request.user.unit})


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


def server_error(request):
    """500, or 503 when the cause is an unreachable database."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable: %s", exc)
        response = HttpResponse(_render_without_request("errors/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(_render_without_request("errors/500.html"))
