"""The grouped passes for indicators that filter on tags or links.

A year holds far more records than carry any one tag or link, so these passes start
from the tag (or link) table and fetch each record by its key. Written as SQL because
the order matters: SQLite, without statistics, would rather walk the whole year on the
covering index and probe the tags of every record (as slow as the base pass, for a
handful of rows); `CROSS JOIN` keeps the tag table outside on SQLite and changes
nothing on PostgreSQL, which orders joins by its own statistics.

Every tag-filtered indicator is served by one query: its first tag drives (a row per
record and driving tag), its other tags and its link are yes/no columns of the group
key (`EXISTS` on the record). Link-only indicators share a second query driven by the
distinct link targets. Rows come back as dicts with the keys of the base pass.
"""

from django.db import connection

from tongxin.indicators.models import LinkFilter
from tongxin.ledger.models import LinkKind, RecordLink, RecordStatus, WorkRecord
from tongxin.lib.dbvalues import summed_decimal

LINK_KINDS = {
    LinkFilter.HAS_INSTRUCTION: LinkKind.INSTRUCTION_ON,
    LinkFilter.HAS_ADOPTION: LinkKind.ADOPTED_FROM,
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


RECORDS = _q(WorkRecord._meta.db_table)
TAGS = _q(WorkRecord.tags.through._meta.db_table)
LINKS = _q(RecordLink._meta.db_table)


def _exists_tag(tag_id: int) -> tuple[str, list]:
    return f"EXISTS (SELECT 1 FROM {TAGS} x WHERE x.workrecord_id = r.id AND x.tag_id = %s)", [
        tag_id
    ]


def _exists_link(kind: str) -> tuple[str, list]:
    return f"EXISTS (SELECT 1 FROM {LINKS} x WHERE x.target_id = r.id AND x.kind = %s)", [kind]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _grouped(
    *, source: str, source_params: list, tag_key: bool, flags: list, period, by_area: bool
) -> list[dict]:
    """One grouped query over the approved records of `period` that `source` (aliased
    d, with a record_id column) names; `flags` are (name, (sql, params)) columns."""
    keys = ["r.unit_id", "r.record_type_id", *(["r.area_id"] if by_area else [])]
    keys += ["d.tag_id"] if tag_key else []
    columns = [*keys, *(sql for _, (sql, _) in flags)]
    sql = (
        f"SELECT {', '.join(columns)}, COUNT(*), SUM(r.{_q('count')}), "
        "SUM(r.participants), SUM(r.amount) "
        f"FROM {source} CROSS JOIN {RECORDS} r "
        "WHERE r.id = d.record_id AND r.status = %s AND r.date >= %s AND r.date <= %s "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(columns)))}"
    )
    params = [
        *(p for _, (_, flag_params) in flags for p in flag_params),
        *source_params,
        RecordStatus.APPROVED,
        connection.ops.adapt_datefield_value(period.start),
        connection.ops.adapt_datefield_value(period.end),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = []
    for row in fetched:
        r = iter(row)
        out = {"unit_id": next(r), "record_type_id": next(r)}
        out["area_id"] = next(r) if by_area else None
        out["tag"] = next(r) if tag_key else None
        out["flags"] = frozenset(name for name, _ in flags if next(r))
        n, c, p, a = r
        out.update(n=n, c=c or 0, p=p or 0, a=summed_decimal(a))
        rows.append(out)
    return rows


def driving_tag(definition) -> int | None:
    return min(definition.tag_ids) if definition.tag_ids else None


def tagged_rows(definitions, period, *, by_area: bool) -> list[dict]:
    """Rows for every definition with a tag filter, in one query."""
    drivers = sorted({driving_tag(d) for d in definitions})
    extra_tags = sorted({t for d in definitions for t in d.tag_ids - {driving_tag(d)}})
    kinds = sorted(
        {LINK_KINDS[d.indicator.link_filter] for d in definitions if d.indicator.link_filter}
    )
    flags = [(("tag", t), _exists_tag(t)) for t in extra_tags]
    flags += [(("link", k), _exists_link(k)) for k in kinds]
    return _grouped(
        source=(
            f"(SELECT workrecord_id AS record_id, tag_id FROM {TAGS} "
            f"WHERE tag_id IN ({_placeholders(drivers)})) d"
        ),
        source_params=drivers,
        tag_key=True,
        flags=flags,
        period=period,
        by_area=by_area,
    )


def linked_rows(definitions, period, *, by_area: bool) -> list[dict]:
    """Rows for every definition with a link filter and no tag, in one query: each
    record once, however many links of the kind point at it."""
    kinds = sorted({LINK_KINDS[d.indicator.link_filter] for d in definitions})
    return _grouped(
        source=(
            f"(SELECT DISTINCT target_id AS record_id FROM {LINKS} "
            f"WHERE kind IN ({_placeholders(kinds)})) d"
        ),
        source_params=kinds,
        tag_key=False,
        flags=[(("link", k), _exists_link(k)) for k in kinds],
        period=period,
        by_area=by_area,
    )


def row_matches(definition, row: dict) -> bool:
    """Whether a row of either pass belongs to the definition's figure."""
    if definition.tag_ids:
        if row["tag"] != driving_tag(definition):
            return False
        if any(("tag", t) not in row["flags"] for t in definition.tag_ids - {row["tag"]}):
            return False
    link = definition.indicator.link_filter
    return not link or ("link", LINK_KINDS[link]) in row["flags"]
