"""The far side of the fault tests: a process of its own, on the database the test
shares with it (ops_helpers.shared_database), that reports on stdout where it is.

    python -m tongxin.ops.tests.fault_child import USERNAME TYPE_CODE XLSX_PATH [--through]
        commits the import and, inside its transaction with every row written, prints
        INSIDE <records it sees> and waits to be killed; with --through it commits and
        prints COMMITTED.
    python -m tongxin.ops.tests.fault_child approve USERNAME RECORD_ID
        prints READY, approves the record when a line arrives on stdin, holding the
        row lock a moment so that a rival approval surely overlaps, and prints the
        outcome as JSON.
"""

import json
import sys
import time


def _setup() -> None:
    import django

    django.setup()


def run_import(username: str, type_code: str, path: str, through: str = "") -> None:
    from django.db import connection

    from tongxin.accounts.models import User
    from tongxin.ledger.importing import commit, writing
    from tongxin.ledger.models import RecordType, WorkRecord

    write_tags = writing._tags_attach

    def stop_inside(record_ids, rows):
        write_tags(record_ids, rows)
        assert connection.in_atomic_block
        print(f"INSIDE {WorkRecord.objects.count()}", flush=True)
        time.sleep(600)  # the test kills us here

    if through != "--through":
        writing._tags_attach = stop_inside
    with open(path, "rb") as fh:
        content = fh.read()
    commit.import_commit(
        actor=User.objects.get(username=username),
        record_type=RecordType.objects.get(code=type_code),
        uploaded_bytes=content,
        filename="断电测试.xlsx",
    )
    print("COMMITTED", flush=True)


def run_approve(username: str, record_id: str) -> None:
    from django.core.exceptions import ValidationError

    from tongxin.accounts.models import User
    from tongxin.ledger import services
    from tongxin.ledger.models import WorkRecord

    lock = services._locked

    def lock_and_linger(record):
        current = lock(record)
        time.sleep(0.5)  # the rival arrives while we hold the row
        return current

    services._locked = lock_and_linger
    actor = User.objects.get(username=username)
    record = WorkRecord.objects.get(pk=int(record_id))  # read before the race: submitted
    print("READY", flush=True)
    sys.stdin.readline()
    try:
        services.record_approve(actor=actor, record=record)
    except ValidationError as exc:
        print(json.dumps({"refused": " ".join(exc.messages)}, ensure_ascii=False), flush=True)
    else:
        print(json.dumps({"approved": True}), flush=True)


if __name__ == "__main__":
    _setup()
    command, *args = sys.argv[1:]
    {"import": run_import, "approve": run_approve}[command](*args)
