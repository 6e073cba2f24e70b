from django.db import migrations


def home_kind_back(apps, schema_editor):
    # A rename slipped 'home:home' into the kind of a deputies' home (and into 0001's choices, now mended):
    # places made since then hold it, places made before hold 'home'; one value again.
    apps.get_model("liaison", "Station").objects.filter(kind="home:home").update(kind="home")


class Migration(migrations.Migration):
    dependencies = [("liaison", "0017_import_jobs")]

    operations = [migrations.RunPython(home_kind_back, migrations.RunPython.noop)]
