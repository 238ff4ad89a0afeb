"""Query strings cleaned before any view sees them (issue 22), so bad input never
reaches the database: a NUL is a ValueError on SQLite and a DataError on PostgreSQL,
an integer past 64 bits an OverflowError, and each was a 500 (or, worse, the 503
"database unavailable" page). Control characters are removed, over-long values cut,
and integers beyond what a database column holds dropped, as if not given."""

import re

from django.http import QueryDict

# C0 controls and DEL; tab, newline and carriage return become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\t\r\n]")
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
MAX_VALUE_CHARS = 500  # a search of 500 characters finds what a longer one would
MAX_INTEGER = 2**63 - 1  # PostgreSQL bigint, SQLite INTEGER


def clean_value(value: str) -> str | None:
    """The value as views may read it, or None to drop it."""
    value = _SPACES.sub(" ", _CONTROL.sub("", value))[:MAX_VALUE_CHARS]
    if _INTEGER.fullmatch(value) and abs(int(value)) > MAX_INTEGER:
        return None
    return value


def clean_query(query: QueryDict) -> QueryDict | None:
    """A cleaned copy of `query`, or None when nothing needed cleaning."""
    changed = False
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        clean_key = clean_value(key)
        changed |= clean_key != key
        for value in values:
            clean = clean_value(value)
            changed |= clean != value
            if clean_key is not None and clean is not None:
                cleaned.appendlist(clean_key, clean)
    if not changed:
        return None
    cleaned._mutable = False
    return cleaned


class QueryInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cleaned = clean_query(request.GET)
        if cleaned is not None:
            request.GET = cleaned
            # Views and pagination links that read the raw string see the cleaned one.
            request.META["QUERY_STRING"] = cleaned.urlencode()
        return self.get_response(request)
