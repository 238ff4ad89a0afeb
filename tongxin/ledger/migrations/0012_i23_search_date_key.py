"""The SQLite search index keyed by date and id: a record's FTS5 rowid becomes
`(julianday(date) << 32) | id`, so FTS5 returns hits in the list's order and a search's
first page reads only the newest hits (tongxin/ledger/search.py). The index is rebuilt
(about four minutes at a million records); the update trigger also fires when a
record's date changes. PostgreSQL is untouched. The SQL is frozen here, copied from
tongxin.ledger.search; the reverse restores migration 0002's.
"""

from django.db import migrations

TRIGGERS = ("ledger_search_ai", "ledger_search_ad", "ledger_search_au")

KEYED_REBUILD = [
    """INSERT INTO ledger_search (ledger_search) VALUES ('delete-all')""",
    """INSERT INTO ledger_search (rowid, title, description) SELECT ((CAST(julianday(date) AS INTEGER) << 32) | id), (SELECT group_concat(substr(title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(title)), (SELECT group_concat(substr(description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(description)) FROM ledger_workrecord""",
    """INSERT INTO ledger_search (ledger_search) VALUES ('optimize')""",
]

KEYED_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ai AFTER INSERT ON ledger_workrecord BEGIN INSERT INTO ledger_search (rowid, title, description) VALUES (((CAST(julianday(new.date) AS INTEGER) << 32) | new.id), (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ad AFTER DELETE ON ledger_workrecord BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', ((CAST(julianday(old.date) AS INTEGER) << 32) | old.id), (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_au AFTER UPDATE OF title, description, date ON ledger_workrecord WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.date IS NOT new.date BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', ((CAST(julianday(old.date) AS INTEGER) << 32) | old.id), (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); INSERT INTO ledger_search (rowid, title, description) VALUES (((CAST(julianday(new.date) AS INTEGER) << 32) | new.id), (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
]

ID_REBUILD = [
    """INSERT INTO ledger_search (ledger_search) VALUES ('delete-all')""",
    """INSERT INTO ledger_search (rowid, title, description) SELECT id, (SELECT group_concat(substr(title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(title)), (SELECT group_concat(substr(description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(description)) FROM ledger_workrecord""",
    """INSERT INTO ledger_search (ledger_search) VALUES ('optimize')""",
]

ID_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ai AFTER INSERT ON ledger_workrecord BEGIN INSERT INTO ledger_search (rowid, title, description) VALUES (new.id, (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ad AFTER DELETE ON ledger_workrecord BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', old.id, (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_au AFTER UPDATE OF title, description ON ledger_workrecord WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', old.id, (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); INSERT INTO ledger_search (rowid, title, description) VALUES (new.id, (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
]


def _rekey(rebuild, triggers):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        tables = connection.introspection.table_names(include_views=False)
        if "ledger_search" not in tables:
            return
        with connection.cursor() as cursor:
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for sql in [*rebuild, *triggers]:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0011_i23_rollups"),
    ]

    operations = [
        migrations.RunPython(
            _rekey(KEYED_REBUILD, KEYED_TRIGGERS), _rekey(ID_REBUILD, ID_TRIGGERS)
        ),
    ]
