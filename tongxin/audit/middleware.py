import ipaddress

from django.conf import settings

from tongxin.audit.context import client_ip


def client_ip_from_request(request) -> str | None:
    """The client's address: from the trusted proxy's header when one is configured,
    otherwise the socket's. Forwarding headers from anyone else are never believed."""
    header = settings.CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        # X-Forwarded-For style lists: the trusted proxy appends the address it saw last.
        forwarded = _valid_ip((request.META.get(meta_key) or "").split(",")[-1].strip())
        if forwarded:
            return forwarded
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def _valid_ip(raw: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_ip_from_request(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
