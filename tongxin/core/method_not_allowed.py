"""A GET on a POST-only address (a bookmarked 审核 button, a link pasted from the
address bar) answers with the Chinese 405 page and a way back, not Django's empty 405."""

from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(request) -> str:
    """The page the user came from when it is one of ours, else the home page."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only Django's bare answer (require_POST / http_method_not_allowed); an API's
        # 405 carries its own body.
        if response.status_code == 405 and not response.content:
            response.content = render_to_string(
                "errors/405.html", {"back_url": back_url(request)}, request=request
            )
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
