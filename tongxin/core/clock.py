"""The business clock: the moment a service stamps on what it does (a case closed, a
scheme published, a record approved). It is the real time, except inside
`business_time(moment)`, where a loader dating objects in their own year (the demo)
sets it. The audit trail never reads it: it records when rows were written."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[dt.datetime | None] = ContextVar("business_moment", default=None)


def now() -> dt.datetime:
    return _moment.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def business_time(moment: dt.datetime):
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
