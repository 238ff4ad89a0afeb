"""Chinese substring search: a bigram index over record titles and descriptions.

SQLite: FTS5 table + triggers; PostgreSQL: tsvector column + trigger + GIN index. The SQL
lives in tongxin.ledger.search, which also repairs the SQLite triggers after a table remake.
"""

from django.db import migrations


def create(apps, schema_editor):
    from tongxin.ledger.search import create_index

    create_index(schema_editor.connection)


def drop(apps, schema_editor):
    from tongxin.ledger.search import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
