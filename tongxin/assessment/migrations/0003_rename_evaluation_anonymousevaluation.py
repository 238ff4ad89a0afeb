"""Evaluation → AnonymousEvaluation (issue 16: the cases app's rankings were also called
evaluations). The table keeps its name, so nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_provincial_standing"),
    ]

    operations = [
        migrations.AlterModelTable(name="evaluation", table="assessment_evaluation"),
        migrations.RenameModel(old_name="Evaluation", new_name="AnonymousEvaluation"),
    ]
