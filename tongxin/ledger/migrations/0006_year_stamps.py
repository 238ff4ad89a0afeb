# A token per year, set by triggers, for the cached indicator passes
# (tongxin/ledger/yearstamps.py explains them and re-creates the SQLite triggers after a
# table remake). The SQL this migration runs is frozen below, copied from that module.

from django.db import migrations, models

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_ai AFTER INSERT ON ledger_workrecord WHEN NEW.status = 'approved' BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = CAST(substr(NEW.date, 1, 4) AS INTEGER); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_au AFTER UPDATE ON ledger_workrecord WHEN OLD.status = 'approved' OR NEW.status = 'approved' BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES (CAST(substr(OLD.date, 1, 4) AS INTEGER), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER); INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = CAST(substr(NEW.date, 1, 4) AS INTEGER); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_ad AFTER DELETE ON ledger_workrecord WHEN OLD.status = 'approved' BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES (CAST(substr(OLD.date, 1, 4) AS INTEGER), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_tag_ai AFTER INSERT ON ledger_workrecord_tags BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.workrecord_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.workrecord_id); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_tag_ad AFTER DELETE ON ledger_workrecord_tags BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.workrecord_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.workrecord_id); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_link_ai AFTER INSERT ON ledger_recordlink BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.source_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.source_id);INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.target_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.target_id); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_link_au AFTER UPDATE ON ledger_recordlink BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.source_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.source_id);INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.target_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = NEW.target_id); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_stamp_link_ad AFTER DELETE ON ledger_recordlink BEGIN INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.source_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.source_id);INSERT OR IGNORE INTO ledger_yearstamp (year, token) VALUES ((SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.target_id), 0); UPDATE ledger_yearstamp SET token = random() WHERE year = (SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM ledger_workrecord WHERE id = OLD.target_id); END""",
]

SQLITE_DROP = [
    """DROP TRIGGER IF EXISTS ledger_stamp_record_ai""",
    """DROP TRIGGER IF EXISTS ledger_stamp_record_au""",
    """DROP TRIGGER IF EXISTS ledger_stamp_record_ad""",
    """DROP TRIGGER IF EXISTS ledger_stamp_tag_ai""",
    """DROP TRIGGER IF EXISTS ledger_stamp_tag_ad""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_ai""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_au""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_ad""",
]

POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION ledger_stamp_new_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN 
    INSERT INTO ledger_yearstamp (year, token)
    SELECT y, floor(random() * 9e18)::bigint FROM (SELECT DISTINCT extract(year FROM date)::int FROM new_rows WHERE status = 'approved') changed(y)
    WHERE y IS NOT NULL ORDER BY y
    ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
 RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION ledger_stamp_old_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN 
    INSERT INTO ledger_yearstamp (year, token)
    SELECT y, floor(random() * 9e18)::bigint FROM (SELECT DISTINCT extract(year FROM date)::int FROM old_rows WHERE status = 'approved') changed(y)
    WHERE y IS NOT NULL ORDER BY y
    ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
 RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION ledger_stamp_changed_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN 
    INSERT INTO ledger_yearstamp (year, token)
    SELECT y, floor(random() * 9e18)::bigint FROM (SELECT DISTINCT extract(year FROM date)::int FROM old_rows WHERE status = 'approved' UNION SELECT DISTINCT extract(year FROM date)::int FROM new_rows WHERE status = 'approved') changed(y)
    WHERE y IS NOT NULL ORDER BY y
    ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
 RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION ledger_stamp_tags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN 
    INSERT INTO ledger_yearstamp (year, token)
    SELECT y, floor(random() * 9e18)::bigint FROM (SELECT DISTINCT extract(year FROM r.date)::int FROM changed_rows c JOIN ledger_workrecord r ON r.id = c.workrecord_id) changed(y)
    WHERE y IS NOT NULL ORDER BY y
    ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
 RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION ledger_stamp_links() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN 
    INSERT INTO ledger_yearstamp (year, token)
    SELECT y, floor(random() * 9e18)::bigint FROM (SELECT DISTINCT extract(year FROM r.date)::int FROM changed_rows c JOIN ledger_workrecord r ON r.id IN (c.source_id, c.target_id)) changed(y)
    WHERE y IS NOT NULL ORDER BY y
    ON CONFLICT (year) DO UPDATE SET token = EXCLUDED.token;
 RETURN NULL; END $$""",
    """CREATE TRIGGER ledger_stamp_record_ai AFTER INSERT ON ledger_workrecord REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_new_records()""",
    """CREATE TRIGGER ledger_stamp_record_au AFTER UPDATE ON ledger_workrecord REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_changed_records()""",
    """CREATE TRIGGER ledger_stamp_record_ad AFTER DELETE ON ledger_workrecord REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_old_records()""",
    """CREATE TRIGGER ledger_stamp_tag_ai AFTER INSERT ON ledger_workrecord_tags REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_tags()""",
    """CREATE TRIGGER ledger_stamp_tag_ad AFTER DELETE ON ledger_workrecord_tags REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_tags()""",
    """CREATE TRIGGER ledger_stamp_link_ai AFTER INSERT ON ledger_recordlink REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_links()""",
    """CREATE TRIGGER ledger_stamp_link_au AFTER UPDATE ON ledger_recordlink REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_links()""",
    """CREATE TRIGGER ledger_stamp_link_ad AFTER DELETE ON ledger_recordlink REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_stamp_links()""",
]

POSTGRES_DROP = [
    """DROP TRIGGER IF EXISTS ledger_stamp_record_ai ON ledger_workrecord""",
    """DROP TRIGGER IF EXISTS ledger_stamp_record_au ON ledger_workrecord""",
    """DROP TRIGGER IF EXISTS ledger_stamp_record_ad ON ledger_workrecord""",
    """DROP TRIGGER IF EXISTS ledger_stamp_tag_ai ON ledger_workrecord_tags""",
    """DROP TRIGGER IF EXISTS ledger_stamp_tag_ad ON ledger_workrecord_tags""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_ai ON ledger_recordlink""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_au ON ledger_recordlink""",
    """DROP TRIGGER IF EXISTS ledger_stamp_link_ad ON ledger_recordlink""",
    """DROP FUNCTION IF EXISTS ledger_stamp_new_records()""",
    """DROP FUNCTION IF EXISTS ledger_stamp_old_records()""",
    """DROP FUNCTION IF EXISTS ledger_stamp_changed_records()""",
    """DROP FUNCTION IF EXISTS ledger_stamp_tags()""",
    """DROP FUNCTION IF EXISTS ledger_stamp_links()""",
]

# Every year that already has approved records gets a token.
STAMP_EXISTING = {
    "sqlite": (
        "INSERT INTO ledger_yearstamp (year, token) SELECT y, random() FROM "
        "(SELECT DISTINCT CAST(substr(ledger_workrecord.date, 1, 4) AS INTEGER) AS y "
        "FROM ledger_workrecord) years"
    ),
    "postgresql": (
        "INSERT INTO ledger_yearstamp (year, token) SELECT y, floor(random() * 9e18)::bigint "
        "FROM (SELECT DISTINCT extract(year FROM date)::int AS y FROM ledger_workrecord) years"
    ),
}


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create(apps, schema_editor):
    connection = schema_editor.connection
    sqlite = connection.vendor == "sqlite"
    _execute(connection, [STAMP_EXISTING["sqlite" if sqlite else "postgresql"]])
    _execute(connection, SQLITE_CREATE if sqlite else POSTGRES_CREATE)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    _execute(connection, SQLITE_DROP if connection.vendor == "sqlite" else POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_unit_date_covering_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="YearStamp",
            fields=[
                ("year", models.IntegerField(primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "年度数据版本",
                "verbose_name_plural": "年度数据版本",
            },
        ),
        migrations.RunPython(create, drop),
    ]
