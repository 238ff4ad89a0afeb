"""Evaluation → Ranking, EvaluationResult → RankingResult (issue 16: one name, one
thing; "evaluation" is the assessment's anonymous evaluation). The tables keep their
names, so nothing changes in the database: the tables are fixed first, then renamed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_enterprise_arrival_record"),
    ]

    operations = [
        migrations.AlterModelTable(name="evaluation", table="cases_evaluation"),
        migrations.AlterModelTable(name="evaluationresult", table="cases_evaluationresult"),
        migrations.RenameModel(old_name="Evaluation", new_name="Ranking"),
        migrations.RenameModel(old_name="EvaluationResult", new_name="RankingResult"),
    ]
