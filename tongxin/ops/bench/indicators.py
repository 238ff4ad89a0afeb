"""Speed of the indicators at scale: `tongxin bench indicators --records N --json`.

On a fresh database with N synthetic records (tongxin.ops.bench.ledger_data) and the demo
indicators: app_ms, the median time to compute every demo indicator for one year over
all units (read from the rollups, not taken from the cache: as right after a change);
app_cached_ms, the same from the cache; sql_ms, the median of the baseline query that
reads the year's records once (one grouped pass over its approved records); ratio =
app_ms / sql_ms, below 1 now that the records are not read; and
dashboard_ms, the median full render of the city dashboard (dashboard_cold_ms: with the
cache emptied first); search_ms, the ledger bench's median first page of its four search
terms on the same ledger.

    python -m tongxin.ops.bench.indicators worker RECORDS RENDERS   (the child; prints JSON)
"""

import json
import statistics
import sys
import time

from tongxin.ops.bench.run import run_in_fresh_database

YEAR = 2022
RENDERS = 7
BASELINE = """
    SELECT unit_id, record_type_id, COUNT(*), SUM("count"), SUM(participants), SUM(amount)
    FROM ledger_workrecord
    WHERE status = 'approved' AND date >= %s AND date <= %s
    GROUP BY unit_id, record_type_id
"""


def run_bench(
    records: int = 100_000, *, database_url: str | None = None, renders: int = RENDERS
) -> dict:
    return run_in_fresh_database(
        "tongxin.ops.bench.indicators", [str(records), str(renders)], database_url
    )


def _median_ms(fn, renders: int) -> float:
    fn()  # warm the caches: the figure is a steady state
    times = []
    for _ in range(renders):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    # Three decimals: on a small database a grouped pass takes well under 0.05 ms, and a
    # figure rounded to 0.0 would make the ratio meaningless.
    return round(statistics.median(times), 3)


def measure(renders: int) -> dict:
    """The figures on the database as it is (the worker loads it first; a kept
    province-scale database can be measured again with this alone)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from tongxin.accounts.models import Unit, User
    from tongxin.indicators.periods import period_for
    from tongxin.indicators.selectors import active_indicators, indicator_table
    from tongxin.ledger.models import RecordRollup, WorkRecord

    period = period_for(YEAR)
    indicators = list(active_indicators())
    units = list(Unit.objects.all())

    def app():
        # The engine's own cost: the passes are not taken from the cache
        # (tongxin/indicators/passcache.py), as after any change to the year's records.
        cache.clear()
        indicator_table(indicators=indicators, period=period, units=units)

    def app_cached():
        indicator_table(indicators=indicators, period=period, units=units)

    def sql():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE, [period.start, period.end])
            cursor.fetchall()

    client = Client()
    client.force_login(User.objects.get(username="editor"))

    def dashboard():
        response = client.get("/indicators/", {"period": f"{YEAR}-Y"}, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"dashboard: {response.status_code}")

    def dashboard_cold():
        cache.clear()
        dashboard()

    app_ms, sql_ms = _median_ms(app, renders), _median_ms(sql, renders)
    # The search's first pages on the same ledger, for the cost-by-size table.
    from tongxin.ops.bench.ledger import _measure_pages

    pages = _measure_pages(renders)
    return {
        "records": WorkRecord.objects.count(),
        "vendor": connection.vendor,
        "indicators": len(indicators),
        "units": len(units),
        "app_ms": app_ms,
        "sql_ms": sql_ms,
        "ratio": round(app_ms / sql_ms, 2) if sql_ms else None,
        # What a user meets: the years' passes from the cache (their records unchanged).
        "app_cached_ms": _median_ms(app_cached, renders),
        "dashboard_ms": _median_ms(dashboard, renders),
        # Right after a change to every year of the trend (nothing from the cache).
        "dashboard_cold_ms": _median_ms(dashboard_cold, renders),
        "rollup_rows": RecordRollup.objects.count(),
        "search_ms": pages["search_ms"],
        "search": pages["search"],
    }


def worker(records: int, renders: int) -> dict:
    import django

    django.setup()
    from tongxin.ops.bench.ledger import load_synthetic_ledger
    from tongxin.ops.demo.indicators import load_demo_indicators

    load_synthetic_ledger(records)
    load_demo_indicators()
    return measure(renders)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "worker":
        print(json.dumps(worker(*map(int, sys.argv[2:])), ensure_ascii=False))
    else:
        sys.exit("usage: python -m tongxin.ops.bench.indicators worker RECORDS RENDERS")
