"""The client address of the request being served, for audit rows written deep in services."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
