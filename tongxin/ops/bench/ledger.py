"""Speed of the ledger at scale: `tongxin bench ledger --records N --json`.

The parent process makes a fresh database (a SQLite file in a temporary folder, or a new
database on the server of DATABASE_URL, dropped at the end), migrates it and runs the
measurements in a child process pointed at it, so the caller's database is never touched:

    python -m tongxin.ops.bench.ledger worker RECORDS IMPORT_ROWS EXPORT_ROWS RENDERS

(the child; prints one JSON object)

Figures: insert rate, the list page of one county and one year with its totals, four
searches (full renders through the test client, median: the page, then the count and
totals it asks for apart, then the exact count on request), a 50,000-row import and
export rows per second (when tongxin.ledger.importing / exporting exist).
"""

import json
import os
import re
import statistics
import sys
import time

from tongxin.ops.bench.run import run_in_fresh_database

SEARCHES = ["统战", "恳谈会", "民营企业", "量子计算"]  # the last matches nothing
TOTALS_REQUEST = 'hx-get="/ledger/totals/'  # a search's page asking for its count
LIST_COUNTY = "510681"  # 广汉市
LIST_YEAR = 2022
RENDERS = 7
LIVE_INDEX_ROWS = 50_000  # rows inserted with the search index maintained row by row
BATCH = 5_000
COPY_STREAMS = 3  # PostgreSQL: processes loading the rest at once
# PostgreSQL: rows generated; past them the ledger is copies of them (ledger_data).
DISTINCT_ROWS = int(os.environ.get("TONGXIN_BENCH_DISTINCT_ROWS", "1000000"))
IMPORT_ROWS = 50_000
EXPORT_ROWS = 100_000


# ---- parent: a fresh database, a child process, JSON ----


def run_bench(
    records: int = 100_000,
    *,
    database_url: str | None = None,
    import_rows: int = IMPORT_ROWS,
    export_rows: int = EXPORT_ROWS,
    renders: int = RENDERS,
) -> dict:
    """Benchmark the ledger on a fresh database of `records` synthetic records (smaller
    `import_rows`, `export_rows` and `renders` make a quick run for the tests)."""
    sizes = (records, import_rows, export_rows, renders)
    return run_in_fresh_database("tongxin.ops.bench.ledger", [str(x) for x in sizes], database_url)


# ---- child: load, then measure ----


def load_synthetic_ledger(records: int) -> dict:
    from django.db import connection, transaction

    from tongxin.ledger import search
    from tongxin.ledger.catalogue import catalogue_ensure
    from tongxin.ledger.models import WorkRecord
    from tongxin.ops.bench.ledger_data import SyntheticLedger
    from tongxin.ops.demo.accounts import load_demo_accounts

    load_demo_accounts()
    catalogue_ensure()
    # Synthetic bench data goes straight in with bulk_create, bypassing the services (no
    # audit rows, no validation): it measures the database, not the entry forms.
    ledger = SyntheticLedger()

    def insert(n: int) -> None:
        generated = ledger.records(n)
        while n > 0:
            chunk = [next(generated) for _ in range(min(BATCH, n))]
            with transaction.atomic():
                WorkRecord.objects.bulk_create(chunk)
            n -= len(chunk)

    live = min(records, LIVE_INDEX_ROWS)
    t0 = time.perf_counter()
    insert(live)
    t_live = time.perf_counter() - t0
    out = {"insert_per_s": round(live / t_live)}
    rest = records - live
    if rest and connection.vendor == "postgresql":
        # COPY with the triggers off and the indexes built once at the end: a province's
        # millions of rows in minutes rather than hours (row-by-row triggers and index
        # upkeep cost ~0.4 ms a row).
        from tongxin.ops.bench.ledger_data import copy_synthetic_postgres

        t0 = time.perf_counter()
        distinct = max(DISTINCT_ROWS - live, 0) or None
        done = copy_synthetic_postgres(connection, rest, streams=COPY_STREAMS, distinct=distinct)
        t_bulk = time.perf_counter() - t0
        out["bulk_insert_per_s"] = round(rest / t_bulk)
        out["copy_streams"] = done["streams"]
        out["distinct_rows"] = live + done["distinct"]
        out["index_rebuild_s"] = round(done["index_s"], 1)
    elif rest:
        # SQLite: the rest with the search index suspended and rebuilt once.
        t0 = time.perf_counter()
        with search.index_suspended(connection):
            insert(rest)
            t_rows = time.perf_counter() - t0
        t_bulk = time.perf_counter() - t0
        out["bulk_insert_per_s"] = round(rest / t_bulk)
        out["index_rebuild_s"] = round(t_bulk - t_rows, 1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return out


def _timed_get(client, url: str, params: dict) -> tuple[float, int | str]:
    t0 = time.perf_counter()
    response = client.get(url, params, secure=True)  # production redirects http to https
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params}: {response.status_code}")
    return elapsed, response.content.decode()


def _count_on_page(html: str) -> int | str:
    """The list's count as the page says it: 60174, "1000+" for a search with more hits
    than it counts (SEARCH_COUNT_LIMIT), or "pending" while a search's page waits for its
    count (it asks for it in a second request)."""
    found = re.search(r"共 (\d+) 条记录", html)
    if found:
        return int(found.group(1))
    capped = re.search(r"超过 (\d+) 条记录", html)
    if capped:
        return f"{capped.group(1)}+"
    return "pending" if TOTALS_REQUEST in html else "?"


def _median_render(client, url: str, params: dict, renders: int) -> tuple[float, int | str]:
    _timed_get(client, url, params)  # warm the caches: the figure is a steady state
    times = []
    for _ in range(renders):
        elapsed, html = _timed_get(client, url, params)
        times.append(elapsed)
    return round(statistics.median(times), 1), _count_on_page(html)


def _editor_client():
    from django.test import Client

    from tongxin.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="editor"))
    return client


def _median_of(searches: dict, key: str) -> float | None:
    values = [s[key] for s in searches.values() if s.get(key) is not None]
    return round(statistics.median(values), 1) if values else None


def _measure_pages(renders: int) -> dict:
    """The county's list and each term's first page, with the request that page makes
    for its count and totals (when it makes one)."""
    from django.urls import reverse

    from tongxin.accounts.models import Unit

    client = _editor_client()
    url = reverse("ledger:record_list")
    county = Unit.objects.get(code=LIST_COUNTY)
    list_ms, list_count = _median_render(
        client, url, {"unit": county.pk, "year": LIST_YEAR}, renders
    )
    searches = {q: _measure_search(client, q, renders) for q in SEARCHES}
    return {
        "list_ms": list_ms,
        "list_count": list_count,
        # What the user sees first: the page (its rows; its count when it holds every hit).
        "search_ms": _median_of(searches, "ms"),
        # The count and totals the page asks for once shown, counted to the limit.
        "search_totals_ms": _median_of(searches, "totals_ms"),
        "search": searches,
    }


def _measure_search(client, q: str, renders: int) -> dict:
    """One term: its first page as the user first sees it, then the request that page
    makes for its count and totals, when it makes one."""
    from django.urls import reverse

    ms, page_count = _median_render(client, reverse("ledger:record_list"), {"q": q}, renders)
    figures = {"ms": ms, "page_count": page_count, "count": page_count, "totals_ms": None}
    if page_count == "pending":
        totals_url = reverse("ledger:record_totals")
        figures["totals_ms"], figures["count"] = _median_render(
            client, totals_url, {"q": q}, renders
        )
    return figures


def _measure_exact(pages: dict, renders: int) -> dict:
    """The exact count and totals, on request (the page with totals=all), of each term
    whose count is capped: three renders at most (seconds at millions of hits)."""
    from django.urls import reverse

    client = _editor_client()
    url = reverse("ledger:record_list")
    searches = pages["search"]
    for q, figures in searches.items():
        figures.update(exact_ms=None, exact_count=None)
        if isinstance(figures["count"], str):
            params = {"q": q, "totals": "all"}
            figures["exact_ms"], figures["exact_count"] = _median_render(
                client, url, params, min(renders, 3)
            )
    return {"search_exact_ms": _median_of(searches, "exact_ms")}


def _import_file(rows: int) -> bytes:
    """A 50,000-row file of 恳谈会 records in the import's column layout (2023, the year
    after the synthetic ledger, as a county would send its new year)."""
    import io

    from openpyxl import Workbook

    from tongxin.ledger.importing import columns_for
    from tongxin.ledger.models import RecordType
    from tongxin.ops.bench.ledger_data import SyntheticLedger

    forum = RecordType.objects.get(code="forum")
    columns = columns_for(forum)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("记录")
    sheet.append([c.label + ("*" if c.required else "") for c in columns])
    for i, record in enumerate(SyntheticLedger(seed=7).records(rows)):
        values = {
            "unit": record.unit.name,
            "date": f"2023-{record.date.month:02}-{min(record.date.day, 28):02}",
            "title": record.title,
            "description": record.description,
            "count": 1,
            "participants": 20 + i % 200,
            "tags": "民营经济" if i % 3 == 0 else "",
        }
        sheet.append([values.get(c.key) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _measure_import(rows: int, notes: list[str]) -> dict:
    try:
        from tongxin.ledger.importing import (
            import_commit,
            import_preview,
            pending_discard,
            pending_save,
        )
    except ImportError:
        notes.append("import: tongxin.ledger.importing is not available")
        return {"import_50k_s": None}
    from tongxin.accounts.models import User
    from tongxin.ledger.models import RecordType

    editor = User.objects.get(username="editor")
    forum = RecordType.objects.get(code="forum")
    content = _import_file(rows)
    kwargs = {"actor": editor, "record_type": forum, "uploaded_bytes": content}
    # As the page: the upload is kept (pending) for the preview and the commit, which
    # reads the cells the preview read beside it, then let go.
    t0 = time.perf_counter()
    sha = pending_save(actor=editor, record_type=forum, filename="bench.xlsx", content=content)
    preview = import_preview(**kwargs, filename="bench.xlsx")
    t_preview = time.perf_counter() - t0
    if preview.errors:
        notes.append(f"import: the preview found errors, e.g. {preview.errors[0]}")
        return {"import_50k_s": None}
    t0 = time.perf_counter()
    # As the page commits: duplicates looked for again; those the preview showed are
    # kept (ticked), so every row is imported.
    keep = {d.row for d in preview.duplicates}
    batch = import_commit(**kwargs, filename="bench.xlsx", keep_duplicates=keep)
    pending_discard(actor=editor, sha256=sha)
    t_commit = time.perf_counter() - t0
    if batch.row_count != rows:
        notes.append(f"import: {batch.row_count} rows imported of {rows}")
    # What the user waits for: the preview after the upload, then the commit (which reads
    # and checks the file again before writing).
    return {
        "import_rows": rows,
        "import_50k_s": round(t_preview + t_commit, 1),
        "import_preview_s": round(t_preview, 1),
        "import_commit_s": round(t_commit, 1),
        "import_file_mb": round(len(content) / 1e6, 1),
    }


def _measure_export(rows: int, notes: list[str]) -> dict:
    try:
        from tongxin.ledger.exporting import records_to_xlsx
    except ImportError:
        notes.append("export: tongxin.ledger.exporting is not available")
        return {"export_rows_per_s": None}
    import io

    from tongxin.accounts.models import User
    from tongxin.ledger.selectors import RecordFilter, filtered_records

    editor = User.objects.get(username="editor")
    qs = filtered_records(editor, RecordFilter())[:rows]
    t0 = time.perf_counter()
    rows = records_to_xlsx(qs, io.BytesIO())
    elapsed = time.perf_counter() - t0
    return {"export_rows": rows, "export_rows_per_s": round(rows / elapsed)}


def worker(records: int, import_rows: int, export_rows: int, renders: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    notes: list[str] = []
    result = {"n": records, "vendor": connection.vendor}
    if connection.vendor == "sqlite":
        result["sqlite_version"] = connection.Database.sqlite_version
    result.update(load_synthetic_ledger(records))
    result["load_s"] = round(time.perf_counter() - started, 1)
    pages = _measure_pages(renders)
    result.update(pages)
    result.update(_measure_exact(pages, renders))
    result.update(_measure_export(export_rows, notes))
    result.update(_measure_import(import_rows, notes))
    result["cores"] = os.cpu_count()
    result["notes"] = notes
    result["worker_s"] = round(time.perf_counter() - started, 1)
    return result


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "worker":
        print(json.dumps(worker(*map(int, sys.argv[2:])), ensure_ascii=False))
    else:
        sys.exit("usage: python -m tongxin.ops.bench.ledger worker RECORDS IMPORT EXPORT RENDERS")
