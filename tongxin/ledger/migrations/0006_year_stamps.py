# A token per year, set by triggers, for the cached indicator passes
# (tongxin/ledger/yearstamps.py).

from django.db import migrations, models


def create(apps, schema_editor):
    from tongxin.ledger.yearstamps import create_triggers, stamp_existing_years

    stamp_existing_years(schema_editor.connection)
    create_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from tongxin.ledger.yearstamps import drop_triggers

    drop_triggers(schema_editor.connection)


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
