"""A deterministic synthetic ledger for the benchmark: realistic Chinese titles and
descriptions over the demo units, 2014–2023.

Frequencies aim at a united front department's ledger: 统战 in about a third of the
records (titles, leaders' titles, the department's name), 民营企业 in about one in ten,
恳谈会 in about one in twenty.
"""

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from tongxin.accounts.models import Unit, User
from tongxin.ledger import rollups
from tongxin.ledger.models import RecordStatus, RecordType, WorkRecord
from tongxin.ledger.search import pg_search_grams
from tongxin.ops.demo.accounts import TOP_UNIT_CODE

SEED = 42
YEARS = range(2014, 2024)
COUNTY_CODES = ["510603", "510604", "510681", "510682", "510683", "510623"]
SECTION_CODES = ["510600-BGS", "510600-DPK", "510600-JJK", "510600-MZK", "510600-GATQ"]

ACTIONS = ["召开", "举办", "开展", "组织", "举行", "参加", "承办", "深入开展"]
# (subject, weight): weights tuned for the frequencies in the module's docstring.
SUBJECTS = [
    ("统战工作", 6),
    ("统战干部", 3),
    ("统战宣传", 2),
    ("民营企业", 5),
    ("民营企业家", 4),
    ("党外知识分子", 5),
    ("新的社会阶层人士", 5),
    ("民族团结进步", 5),
    ("宗教场所安全", 4),
    ("港澳台侨", 4),
    ("非公有制经济人士", 5),
    ("党外代表人士", 5),
    ("少数民族群众", 3),
    ("新联会会员", 3),
    ("知联会", 3),
    ("归国留学人员", 3),
    ("异地商会", 3),
    ("网络人士", 2),
    ("民主党派成员", 5),
    ("侨界群众", 3),
]
# (event, record type code, weight)
EVENTS = [
    ("恳谈会", "forum", 5),
    ("座谈会", "meeting", 12),
    ("工作会议", "meeting", 10),
    ("培训班", "training", 8),
    ("专题调研", "report", 8),
    ("调研报告", "report", 4),
    ("现场推进会", "site_meeting", 4),
    ("宣讲活动", "activity", 8),
    ("联谊活动", "activity", 6),
    ("走访慰问", "activity", 6),
    ("政党协商会", "consultation", 5),
    ("招商推介会", "investment_event", 4),
    ("授信签约仪式", "credit", 3),
    ("诉求解决", "problem_solved", 4),
    ("挂职锻炼", "secondment", 2),
    ("宣传报道", "publicity", 6),
    ("创新案例", "case_study", 3),
    ("示范场所创建", "venue", 3),
]
LEADERS = [
    "市委常委、统战部部长",
    "常务副部长",
    "分管副部长",
    "市工商联主席",
    "市民宗局局长",
    "区（市、县）有关负责同志",
    "市侨联主席",
    "有关科室负责同志",
]
PEOPLE = ["党外人士", "企业负责人", "企业家代表", "基层干部", "宗教界代表", "侨界代表",
          "新阶层人士", "少数民族代表", "各民主党派负责人", "商会会员"]  # fmt: skip
CONTENTS = [
    "近年来工作成效",
    "下一步工作安排",
    "企业发展中遇到的困难和问题",
    "有关政策措施的落实情况",
    "年度重点任务",
    "优化营商环境的意见建议",
    "基层经验做法",
    "铸牢中华民族共同体意识的举措",
]
VERBS = ["总结", "通报", "听取", "研究", "部署", "交流"]
RESULTS = [
    "取得了良好效果",
    "受到与会人员广泛好评",
    "进一步凝聚了共识",
    "推动解决了一批实际问题",
    "为下一步工作打下了基础",
]
STATUSES = [
    (RecordStatus.APPROVED, 85),
    (RecordStatus.SUBMITTED, 5),
    (RecordStatus.DRAFT, 4),
    (RecordStatus.RETURNED, 3),
    (RecordStatus.WITHDRAWN, 3),
]


def _weighted(pairs):
    items = [p[:-1] if len(p) > 2 else p[0] for p in pairs]
    return items, [p[-1] for p in pairs]


class SyntheticLedger:
    """Yields unsaved WorkRecords; the same seed gives the same ledger."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        units = {u.code: u for u in Unit.objects.all()}
        # Counties carry most of the ledger; the department and its sections the rest.
        pairs = [(units[c], 12) for c in COUNTY_CODES]
        pairs += [(units[TOP_UNIT_CODE], 10)] + [(units[c], 3) for c in SECTION_CODES]
        self.units, self.unit_weights = _weighted(pairs)
        self.types = {t.code: t for t in RecordType.objects.select_related("area")}
        self.subjects, self.subject_weights = _weighted(SUBJECTS)
        self.events, self.event_weights = _weighted(EVENTS)
        self.statuses, self.status_weights = _weighted(STATUSES)
        users = {u.username: u for u in User.objects.all()}
        self.editor = users["editor"]
        self.by_unit = {units["510681"].pk: users["guanghan"], units["510682"].pk: users["shifang"]}
        self.now = timezone.now()

    def _description(self, rng, unit: Unit, date: dt.date, phrase: str) -> str:
        target = rng.randint(50, 150)
        parts = [f"{date.month}月{date.day}日，{unit.name}{phrase}。"]
        while sum(map(len, parts)) < target:
            kind = rng.randrange(4)
            if kind == 0:
                parts.append(
                    f"{rng.choice(LEADERS)}出席并讲话，{rng.choice(PEOPLE)}共{rng.randint(12, 300)}"
                    "人参加。"
                )
            elif kind == 1:
                parts.append(f"会议{rng.choice(VERBS)}了{rng.choice(CONTENTS)}。")
            elif kind == 2:
                parts.append(f"与会人员围绕{rng.choice(CONTENTS)}等议题进行了深入交流。")
            else:
                parts.append(f"活动{rng.choice(RESULTS)}。")
        return "".join(parts)[:150]

    def rows(self, n: int) -> Iterator[dict]:
        """The records' field values by attribute name (unit_id, ...): `records` without
        the cost of building model instances, for COPY."""
        rng = self.rng
        for _ in range(n):
            unit = rng.choices(self.units, self.unit_weights)[0]
            year = rng.choice(YEARS)
            date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            subject = rng.choices(self.subjects, self.subject_weights)[0]
            event, type_code = rng.choices(self.events, self.event_weights)[0]
            record_type = self.types[type_code]
            phrase = f"{rng.choice(ACTIONS)}{subject}{event}"
            title = f"{unit.name}{year}年{phrase}" if rng.random() < 0.6 else phrase
            status = rng.choices(self.statuses, self.status_weights)[0]
            author = self.by_unit.get(unit.pk, self.editor)
            approved = status == RecordStatus.APPROVED
            yield {
                "unit_id": unit.pk,
                "record_type_id": record_type.pk,
                "area_id": record_type.area_id,
                "date": date,
                "title": title,
                "description": self._description(rng, unit, date, phrase),
                "count": 1 if record_type.has_count else None,
                "participants": rng.randint(10, 300) if record_type.has_participants else None,
                "amount": (
                    Decimal(rng.randint(1, 50_000) * 10_000) if record_type.has_amount else None
                ),
                "status": status,
                "status_before_withdrawal": (
                    RecordStatus.APPROVED if status == RecordStatus.WITHDRAWN else ""
                ),
                "created_by_id": author.pk,
                "updated_by_id": author.pk,
                "submitted_at": None if status == RecordStatus.DRAFT else self.now,
                "approved_by_id": self.editor.pk if approved else None,
                "approved_at": self.now if approved else None,
            }

    def records(self, n: int) -> Iterator[WorkRecord]:
        for values in self.rows(n):
            yield WorkRecord(**values)


# ---- PostgreSQL bulk load: COPY, triggers and secondary indexes suspended ----


def _secondary_indexes(connection, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that no constraint owns."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.tablename = %s AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c
                   WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
            [table],
        )
        return cursor.fetchall()


def _copy_rows(connection, rows, *, first_id: int | None = None) -> int:
    """COPY `SyntheticLedger.rows` into ledger_workrecord (triggers must be off: the
    search column is computed here). With `first_id`, ids are given explicitly."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    # Every column the rows leave out takes the model's default (version, flags...).
    now = timezone.now()
    blank = WorkRecord(created_at=now, updated_at=now)
    column_of = {f.attname: f.column for f in WorkRecord._meta.concrete_fields}
    rest = [f.attname for f in WorkRecord._meta.concrete_fields if not f.primary_key]
    rest = [a for a in rest if a not in first]
    defaults = [getattr(blank, a) for a in rest]
    columns = [column_of[a] for a in [*first, *rest]] + ["search_grams"]
    if first_id is not None:
        columns.insert(0, "id")
    ids = itertools.count(first_id) if first_id is not None else None
    count = 0
    sql = f"COPY ledger_workrecord ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for values in itertools.chain([first], rows):
            row = [
                *values.values(),
                *defaults,
                pg_search_grams(values["title"], values["description"]),
            ]
            if ids is not None:
                row.insert(0, next(ids))
            copy.write_row(row)
            count += 1
    return count


@contextmanager
def _bulk_load(connection, table: str = "ledger_workrecord"):
    """Triggers (search index, foreign-key checks) off and secondary indexes dropped
    while the block loads; indexes built once at the end, then VACUUM ANALYZE. Only for
    a database nobody else uses (the benchmark's, the load test's). Yields a dict that
    receives the index build time."""
    import time

    indexes = _secondary_indexes(connection, table)
    timings = {}
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')
    try:
        yield timings
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER ALL')
    t0 = time.perf_counter()
    # The rows went in with the rollup triggers off: count them once.
    rollups.rebuild(connection)
    timings["rollups_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        # Statistics for the planner, and the visibility map for index-only scans.
        cursor.execute(f'VACUUM ANALYZE "{table}"')
    timings["index_s"] = time.perf_counter() - t0


def copy_records_postgres(connection, rows) -> dict:
    """Load `SyntheticLedger.rows` with one COPY (see `_bulk_load`)."""
    import time

    t0 = time.perf_counter()
    with _bulk_load(connection) as timings:
        count = _copy_rows(connection, rows)
        t_copy = time.perf_counter() - t0
    return {"rows": count, "copy_s": t_copy, "index_s": timings["index_s"]}


CHUNK = 100_000


def chunk_seed(k: int) -> int:
    return SEED + 1000 * (k + 1)


def copy_synthetic_postgres(
    connection, n: int, *, streams: int = 3, distinct: int | None = None
) -> dict:
    """N synthetic records in chunks of CHUNK rows, each from its own seed
    (`chunk_seed`) with ids fixed by its place, loaded by `streams` processes at once
    (COPY, see `_bulk_load`): the same ledger whatever the number of streams. The same
    frequencies as `SyntheticLedger` from one seed, not the same rows.

    With `distinct` < n, only that many rows are generated; the rest are copies of them
    made by the server (ids aside, the same rows again): a province's millions of rows
    in minutes on a busy machine, where Python's ~0.2 ms a row would take an hour."""
    import subprocess
    import sys
    import time

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM ledger_workrecord")
        first_id = cursor.fetchone()[0]
    total = n
    n = min(n, distinct) if distinct else n
    chunks = -(-n // CHUNK)
    streams = max(1, min(streams, chunks))
    t0 = time.perf_counter()
    with _bulk_load(connection) as timings:
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    COPY_STREAM,
                    str(first_id),
                    str(n),
                    str(stream),
                    str(streams),
                ],  # fmt: skip
                stderr=subprocess.PIPE,
                text=True,
            )
            for stream in range(streams)
        ]
        failed = [c.communicate()[1][-2000:] for c in children if c.wait()]
        if failed:
            raise RuntimeError("COPY stream failed:\n" + "\n".join(failed))
        t_copy = time.perf_counter() - t0
        t0 = time.perf_counter()
        columns = ", ".join(
            [f.column for f in WorkRecord._meta.concrete_fields if not f.primary_key]
            + ["search_grams"]
        )
        with connection.cursor() as cursor:
            for start in range(n, total, n):
                cursor.execute(
                    f"""INSERT INTO ledger_workrecord (id, {columns})
                        SELECT id + %s, {columns} FROM ledger_workrecord
                        WHERE id >= %s AND id < %s""",
                    [start, first_id, first_id + min(n, total - start)],
                )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('ledger_workrecord', 'id'), "
                "(SELECT max(id) FROM ledger_workrecord))"
            )
        t_repeat = time.perf_counter() - t0
    return {
        "rows": total,
        "distinct": n,
        "copy_s": t_copy,
        "repeat_s": t_repeat,
        "index_s": timings["index_s"],
        "streams": streams,
    }


COPY_STREAM = (
    "import sys, django; django.setup(); from tongxin.ops.bench.ledger_data import copy_stream; "
    "copy_stream(*map(int, sys.argv[1:]))"
)


def copy_stream(first_id: int, n: int, stream: int, streams: int) -> int:
    """One of `copy_synthetic_postgres`'s processes: chunks stream, stream + streams, ..."""
    from django.db import connection

    done = 0
    for k in range(stream, -(-n // CHUNK), streams):
        size = min(CHUNK, n - k * CHUNK)
        rows = SyntheticLedger(seed=chunk_seed(k)).rows(size)
        done += _copy_rows(connection, rows, first_id=first_id + k * CHUNK)
    return done
