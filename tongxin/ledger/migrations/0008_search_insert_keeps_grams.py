"""PostgreSQL: the search trigger leaves alone a search column that an insert brings
computed (imports COPY it: tongxin.ledger.search.prepared_search_grams)."""

from django.db import migrations

from tongxin.ledger.search import SEARCH_INSERT_TRIGGER, SEARCH_INSERT_TRIGGER_0002


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
