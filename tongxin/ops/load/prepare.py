"""Child process of `tongxin loadtest`: load the demo and N synthetic records into the
fresh database, then write what the simulated users need (accounts, record and case
ids each may open, filter values) as JSON.

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


def prepare(records: int) -> dict:
    import django

    django.setup()
    from tongxin.accounts.access import visible_units
    from tongxin.accounts.models import User
    from tongxin.cases.selectors import case_queryset
    from tongxin.ledger import permissions
    from tongxin.ledger.models import RecordType, WorkRecord
    from tongxin.ledger.selectors import records_visible_to
    from tongxin.ops.demo import load_demo
    from tongxin.ops.demo.accounts import DEMO_PASSWORD

    rng = random.Random(1)
    started = time.perf_counter()
    load_demo()
    t_demo = time.perf_counter() - started
    loaded = _load_ledger(records)
    users = []
    max_id = WorkRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for username in ACCOUNTS:
        user = User.objects.select_related("unit").get(username=username)
        visible = records_visible_to(user)
        # Ids drawn at random over the table, kept when the user may open them.
        candidates = rng.sample(range(1, max_id + 1), min(max_id, 20 * SAMPLE))
        record_ids = list(visible.filter(id__in=candidates).values_list("id", flat=True))
        record_ids = record_ids[:SAMPLE]
        case_ids = list(case_queryset(user).values_list("id", flat=True)[:SAMPLE])
        units = list(visible_units(user).values_list("id", flat=True))
        users.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "role": user.role,
                "unit_id": user.unit_id,
                "can_record": permissions.can_record(user),
                "records": record_ids,
                "cases": case_ids,
                "units": units,
            }
        )
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
        "users": users,
        "types": types,
        "years": list(range(2014, 2024)),
        "searches": SEARCHES,
        "records": WorkRecord.objects.count(),
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
