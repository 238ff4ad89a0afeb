"""Speed of the annual review at scale: `tongxin bench review --records N --json`.

On a fresh database with N synthetic records (tongxin.ops.bench.ledger_data), the demo
indicators and the demo's 2022 review template (tongxin.ops.demo.reports): html_ms, the
median full render of /reports/reviews/<pk>/ as the demo editor; docx_ms, the median
time to render the latest version against the ledger and lay it out as .docx.

    python -m tongxin.ops.bench.reports worker RECORDS RENDERS   (the child; prints JSON)
"""

import json
import statistics
import sys
import time

from tongxin.ops.bench.run import run_in_fresh_database

RENDERS = 7


def run_bench(
    records: int = 100_000, *, database_url: str | None = None, renders: int = RENDERS
) -> dict:
    return run_in_fresh_database(
        "tongxin.ops.bench.reports", [str(records), str(renders)], database_url
    )


def _median_ms(fn, renders: int) -> float:
    fn()  # warm the caches: the figure is a steady state
    times = []
    for _ in range(renders):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def worker(records: int, renders: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tongxin.accounts.models import User
    from tongxin.ops.bench.ledger import load_synthetic_ledger
    from tongxin.ops.demo.indicators import load_demo_indicators
    from tongxin.ops.demo.reports import load_demo_review
    from tongxin.reports.docx_export import review_docx
    from tongxin.reports.models import Review
    from tongxin.reports.selectors.reviews import review_version_rendered

    t0 = time.perf_counter()
    load_synthetic_ledger(records)
    load_demo_indicators()
    load_demo_review()
    load_s = time.perf_counter() - t0
    review = Review.objects.get(year=2022, unit__parent=None)
    version = review.versions.order_by("-number").first()
    rendered = review_version_rendered(version)
    client = Client()
    client.force_login(User.objects.get(username="editor"))
    url = f"/reports/reviews/{review.pk}/"

    def html():
        response = client.get(url, secure=True)  # production redirects http to https
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    sizes = []

    def docx():
        fresh = review_version_rendered(version)
        sizes.append(len(review_docx(fresh.title, fresh.blocks)))

    return {
        "records": records,
        "vendor": connection.vendor,
        "placeholders": len(rendered.values),
        "template_errors": len(rendered.errors),
        "load_s": round(load_s, 1),
        "html_ms": _median_ms(html, renders),
        "docx_ms": _median_ms(docx, renders),
        "docx_bytes": sizes[-1],
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "worker":
        print(json.dumps(worker(*map(int, sys.argv[2:])), ensure_ascii=False))
    else:
        sys.exit("usage: python -m tongxin.ops.bench.reports worker RECORDS RENDERS")
