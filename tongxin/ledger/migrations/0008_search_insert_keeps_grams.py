"""PostgreSQL: the search trigger leaves alone a search column that an insert brings
computed (imports COPY it: tongxin.ledger.search.prepared_search_grams). The SQL is
frozen here, copied from tongxin.ledger.search."""

from django.db import migrations

SEARCH_INSERT_TRIGGER = """CREATE OR REPLACE TRIGGER ledger_search_bi BEFORE INSERT
    ON ledger_workrecord FOR EACH ROW WHEN (NEW.search_grams = ''::tsvector)
    EXECUTE FUNCTION ledger_search_refresh()"""
# As migration 0002 first created it.
SEARCH_INSERT_TRIGGER_0002 = """CREATE OR REPLACE TRIGGER ledger_search_bi BEFORE INSERT
    ON ledger_workrecord FOR EACH ROW EXECUTE FUNCTION ledger_search_refresh()"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0007_creator_status_unit_index"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgres(SEARCH_INSERT_TRIGGER), _on_postgres(SEARCH_INSERT_TRIGGER_0002)
        ),
    ]
