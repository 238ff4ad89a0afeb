from django.db import migrations

from tongxin.cases.deadlines import DEFAULT_CATEGORIES


def create_categories(apps, schema_editor):
    CaseCategory = apps.get_model("cases", "CaseCategory")
    for order, (name, respond, resolve) in enumerate(DEFAULT_CATEGORIES):
        CaseCategory.objects.get_or_create(
            name=name,
            defaults={"respond_days": respond, "resolve_days": resolve, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
