# The 待办 count reads a user's drafts and returned records in their units from the index alone.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_security'),
        ('ledger', '0006_year_stamps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='workrecord',
            name='ledger_work_created_567b22_idx',
        ),
        migrations.AddIndex(
            model_name='workrecord',
            index=models.Index(fields=['created_by', 'status', 'unit'], name='ledger_record_creator_idx'),
        ),
    ]
