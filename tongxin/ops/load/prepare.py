"""Child process of `tongxin loadtest`: load the demo and N synthetic records into the
fresh database, then write what the simulated users need (accounts, record and case
ids each may open, units, the demo's draft review, indicators with a record list,
filter values) as JSON.

    python -m tongxin.ops.load.prepare RECORDS FIXTURE.json
"""

import json
import random
import sys
import time

# Business users of the demo (the administrators need a second factor).
ACCOUNTS = [
    "editor",
    "leader",
    "guanghan",
    "shifang",
    "jingyang",
    "luojiang",
    "mianzhu",
    "zhongjiang",
]
# i18n: data (words the load test searches the demo records for)
SEARCHES = ["统战", "恳谈会", "民营企业", "座谈会", "港澳台侨", "培训班"]
SAMPLE = 200


def _load_ledger(records: int) -> dict:
    from django.db import connection

    if connection.vendor == "postgresql":
        from tongxin.ops.bench.ledger_data import SyntheticLedger, copy_records_postgres

        done = copy_records_postgres(connection, SyntheticLedger().rows(records))
        return {"copy_s": round(done["copy_s"], 1), "index_s": round(done["index_s"], 1)}
    from tongxin.ops.bench.ledger import load_synthetic_ledger

    return load_synthetic_ledger(records)


def drillable_indicators() -> list[str]:
    """Codes of the active indicators that have a record list behind their figure:
    counted ones, and rates of two counted ones (a manual value has none)."""
    from tongxin.indicators.models import Indicator, IndicatorKind

    codes = []
    for indicator in Indicator.objects.filter(is_active=True).select_related(
        "numerator", "denominator"
    ):
        if indicator.is_computed or (
            indicator.kind == IndicatorKind.RATIO
            and indicator.numerator_id
            and indicator.numerator.is_computed
            and indicator.denominator.is_computed
        ):
            codes.append(indicator.code)
    return sorted(codes)


def account_fixture(username: str, *, rng: random.Random, max_id: int) -> dict:
    """What one simulated user may open: records, requests, units, the review."""
    from tongxin.accounts.access import scope_queryset, visible_units
    from tongxin.accounts.models import User
    from tongxin.accounts.roles import Role
    from tongxin.cases.selectors import case_queryset
    from tongxin.ledger import permissions
    from tongxin.ledger.selectors import records_visible_to
    from tongxin.ops.demo.accounts import DEMO_PASSWORD
    from tongxin.reports.models import Review

    user = User.objects.select_related("unit").get(username=username)
    visible = records_visible_to(user)
    # Ids drawn at random over the table, kept when the user may open them.
    candidates = rng.sample(range(1, max_id + 1), min(max_id, 20 * SAMPLE))
    record_ids = list(visible.filter(id__in=candidates).values_list("id", flat=True))
    units = visible_units(user)
    # The dashboard's and the home page's unit: the reporter's own, else the top.
    top = user.unit_id if user.role == Role.REPORTER else units.filter(parent=None).first().pk
    return {
        "username": username,
        "password": DEMO_PASSWORD,
        "role": user.role,
        "unit_id": user.unit_id,
        "top_unit": top,
        "can_record": permissions.can_record(user),
        "records": record_ids[:SAMPLE],
        "cases": list(case_queryset(user).values_list("id", flat=True)[:SAMPLE]),
        "units": list(units.values_list("id", flat=True)),
        # The demo's draft review (not signed off: its figures are live), if the user
        # may open it, as its page decides.
        "reviews": list(
            scope_queryset(
                user, Review.objects.filter(published_version=None), unit_field="unit"
            ).values_list("id", flat=True)
        ),
    }


def fixture(*, seed: int = 1) -> dict:
    """The simulated users' accounts and the values they pick from (no timings)."""
    from tongxin.ledger.models import RecordType, WorkRecord

    rng = random.Random(seed)
    max_id = WorkRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    types = [
        {
            "id": t.pk,
            "count": t.has_count,
            "participants": t.has_participants,
            "amount": t.has_amount,
        }
        for t in RecordType.objects.filter(is_active=True)
    ]
    return {
        "users": [account_fixture(name, rng=rng, max_id=max_id) for name in ACCOUNTS],
        "types": types,
        "years": list(range(2014, 2024)),
        "searches": SEARCHES,
        "drilldowns": drillable_indicators(),
        "records": WorkRecord.objects.count(),
    }


def prepare(records: int) -> dict:
    import django

    django.setup()
    from tongxin.ops.demo import load_demo

    started = time.perf_counter()
    load_demo()
    t_demo = time.perf_counter() - started
    loaded = _load_ledger(records)
    return {
        **fixture(),
        "load": {"demo_s": round(t_demo, 1), **loaded},
        "prepare_s": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m tongxin.ops.load.prepare RECORDS FIXTURE.json")
    fixture = prepare(int(sys.argv[1]))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(fixture, out, ensure_ascii=False)
    print(json.dumps({k: fixture[k] for k in ("records", "load", "prepare_s")}))
