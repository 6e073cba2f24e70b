from django.db import migrations

# On PostgreSQL the similar-opinion hint uses pg_trgm's GIN index; SQLite has neither and uses a bounded
# scan in Python (voters/similarity.py). Both statements are guarded by the database vendor.
INDEX = "voters_opinion_content_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON voters_opinion USING gin (content gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("voters", "0002_seed_categories")]

    operations = [migrations.RunPython(create, drop)]
