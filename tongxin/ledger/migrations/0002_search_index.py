"""Chinese substring search: a bigram index over record titles and descriptions.

SQLite: FTS5 table + triggers; PostgreSQL: tsvector column + trigger + GIN index.
tongxin.ledger.search explains the design and repairs the SQLite triggers after a table
remake; the SQL this migration runs is frozen below, copied from that module, so a
later change there does not change what this migration did. (The PostgreSQL insert
trigger is the one migration 0008 sets again, as the module had it when frozen.)
"""

from django.db import migrations

SQLITE_TABLES = [
    """CREATE TABLE IF NOT EXISTS ledger_search_pos (n INTEGER PRIMARY KEY)""",
    """INSERT OR IGNORE INTO ledger_search_pos (n)
        WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000)
        SELECT n FROM s""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS ledger_search USING fts5(
        title, description, content='', columnsize=0,
        tokenize='unicode61 remove_diacritics 0')""",
]

SQLITE_REBUILD = [
    """INSERT INTO ledger_search (ledger_search) VALUES ('delete-all')""",
    """INSERT INTO ledger_search (rowid, title, description)
        SELECT id, (SELECT group_concat(substr(title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(title)), (SELECT group_concat(substr(description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(description)) FROM ledger_workrecord""",
    """INSERT INTO ledger_search (ledger_search) VALUES ('optimize')""",
]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ai AFTER INSERT ON ledger_workrecord
        BEGIN INSERT INTO ledger_search (rowid, title, description) VALUES (new.id, (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_ad AFTER DELETE ON ledger_workrecord
        BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', old.id, (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_search_au AFTER UPDATE OF title, description
        ON ledger_workrecord
        WHEN old.title IS NOT new.title OR old.description IS NOT new.description
        BEGIN INSERT INTO ledger_search (ledger_search, rowid, title, description) VALUES ('delete', old.id, (SELECT group_concat(substr(old.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.title)), (SELECT group_concat(substr(old.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(old.description))); INSERT INTO ledger_search (rowid, title, description) VALUES (new.id, (SELECT group_concat(substr(new.title, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.title)), (SELECT group_concat(substr(new.description, n, 2), ' ') FROM ledger_search_pos WHERE n <= length(new.description))); END""",
]

SQLITE_DROP = [
    """DROP TRIGGER IF EXISTS ledger_search_ai""",
    """DROP TRIGGER IF EXISTS ledger_search_ad""",
    """DROP TRIGGER IF EXISTS ledger_search_au""",
    """DROP TABLE IF EXISTS ledger_search""",
    """DROP VIEW IF EXISTS ledger_search_src""",
    """DROP TABLE IF EXISTS ledger_search_pos""",
]

POSTGRES_CREATE = [
    r"""CREATE OR REPLACE FUNCTION ledger_search_lexeme(g text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT '''' || replace(replace(g, '\', '\\'), '''', '''''') || '''' $$""",
    """CREATE OR REPLACE FUNCTION ledger_search_grams(t text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(string_agg(ledger_search_lexeme(g) || ':' || least(i, 16383), ' '), '')
               ::tsvector
        FROM (SELECT c || coalesce(lead(c) OVER (ORDER BY i), '') AS g, i
              FROM unnest(string_to_array(lower(t), NULL)) WITH ORDINALITY AS u(c, i)) AS x
        $$""",
    """CREATE OR REPLACE FUNCTION ledger_search_query(q text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN char_length(q) < 2
            THEN (ledger_search_lexeme(lower(q)) || ':*')::tsquery
            ELSE (SELECT string_agg(ledger_search_lexeme(g), ' <-> ' ORDER BY i)
                  FROM (SELECT c || lead(c) OVER (ORDER BY i) AS g, i
                        FROM unnest(string_to_array(lower(q), NULL))
                             WITH ORDINALITY AS u(c, i)) AS x
                  WHERE g IS NOT NULL)::tsquery
        END $$""",
    """ALTER TABLE ledger_workrecord
        ADD COLUMN IF NOT EXISTS search_grams tsvector NOT NULL DEFAULT ''::tsvector""",
    """CREATE OR REPLACE FUNCTION ledger_search_refresh() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_grams := ledger_search_grams(NEW.title)
                || ledger_search_grams(NEW.description);
            RETURN NEW;
        END $$""",
    """CREATE OR REPLACE TRIGGER ledger_search_bi BEFORE INSERT
    ON ledger_workrecord FOR EACH ROW WHEN (NEW.search_grams = ''::tsvector)
    EXECUTE FUNCTION ledger_search_refresh()""",
    """CREATE OR REPLACE TRIGGER ledger_search_bu BEFORE UPDATE OF title, description
        ON ledger_workrecord FOR EACH ROW
        WHEN (OLD.title IS DISTINCT FROM NEW.title
              OR OLD.description IS DISTINCT FROM NEW.description)
        EXECUTE FUNCTION ledger_search_refresh()""",
    """UPDATE ledger_workrecord SET search_grams =
        ledger_search_grams(title) || ledger_search_grams(description)""",
    """CREATE INDEX IF NOT EXISTS ledger_workrecord_search_grams
        ON ledger_workrecord USING gin (search_grams)""",
]

POSTGRES_DROP = [
    """DROP TRIGGER IF EXISTS ledger_search_bi ON ledger_workrecord""",
    """DROP TRIGGER IF EXISTS ledger_search_bu ON ledger_workrecord""",
    """ALTER TABLE ledger_workrecord DROP COLUMN IF EXISTS search_grams""",
    """DROP FUNCTION IF EXISTS ledger_search_refresh()""",
    """DROP FUNCTION IF EXISTS ledger_search_query(text)""",
    """DROP FUNCTION IF EXISTS ledger_search_grams(text)""",
    """DROP FUNCTION IF EXISTS ledger_search_lexeme(text)""",
]


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _execute(connection, SQLITE_TABLES)
        _execute(connection, SQLITE_REBUILD)
        _execute(connection, SQLITE_TRIGGERS)
    elif connection.vendor == "postgresql":
        _execute(connection, POSTGRES_CREATE)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _execute(connection, SQLITE_DROP)
    elif connection.vendor == "postgresql":
        _execute(connection, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
