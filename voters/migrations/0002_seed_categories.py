from django.db import migrations

# The eight categories of the issue; staff can rename, reorder or retire them afterwards.
CATEGORIES = [
    ("交通出行", "Traffic"),
    ("生态环境", "Environment"),
    ("民生保障", "Livelihood"),
    ("公共安全", "Public safety"),
    ("营商环境", "Business environment"),
    ("城市更新", "Urban renewal"),
    ("乡村振兴", "Rural development"),
    ("其他", "Other"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("voters", "Category")
    for position, (name, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
