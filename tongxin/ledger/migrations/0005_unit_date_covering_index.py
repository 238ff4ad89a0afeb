# The list's count and totals for a unit and period read the index alone
# (docs/benchmarks.md, "Province scale"); replaces the plain (unit, date) index.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_indicator_covering_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='workrecord',
            name='ledger_work_unit_id_43c366_idx',
        ),
        migrations.AddIndex(
            model_name='workrecord',
            index=models.Index(fields=['unit', 'date', 'status', 'count', 'participants', 'amount'], name='ledger_record_unit_date_idx'),
        ),
    ]
