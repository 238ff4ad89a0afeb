from django.db import migrations

# The standard categories and their deadlines in working days (respond, resolve), frozen
# here as tongxin.cases.deadlines.DEFAULT_CATEGORIES had them.
DEFAULT_CATEGORIES = [
    ("融资信贷", 1, 7),
    ("用工人才", 1, 7),
    ("政策咨询", 1, 5),
    ("审批服务", 1, 10),
    ("要素保障", 1, 10),
    ("其他", 1, 7),
]


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
