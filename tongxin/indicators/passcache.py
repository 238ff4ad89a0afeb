"""The grouped passes of a period, kept in the cache under the year's data token.

An indicator table is the grouped passes over a period's approved records (the SQL)
plus arithmetic on their rows (Python). The passes depend only on those records and on
which filters the indicators use, so their rows are cached under the period, a digest
of the filters, and the year's token (`tongxin.ledger.yearstamps`), which triggers
change whenever the year's approved records, tags or links change: a cached figure can
never be older than the records. Units, targets and manual values are read afresh.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

# Unused entries (superseded tokens) leave the cache on their own.
TIMEOUT_SECONDS = 6 * 3600


def cache_key(period, spec, token: int) -> str:
    digest = hashlib.sha1(repr(spec).encode()).hexdigest()[:16]
    database = connection.settings_dict["NAME"]
    return f"indicators:passes:{database}:{period.start}:{period.end}:{token}:{digest}"


def cached_passes(period, spec, token: int | None, compute: Callable[[], tuple]) -> tuple:
    """`compute()` or what an earlier call stored for the same period, filters and
    token. A year without a token has no approved record: computed, not stored."""
    if token is None:
        return compute()
    key = cache_key(period, spec, token)
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value
