from django.db import migrations

# The opinions list's text search (voters/search.py): on PostgreSQL, GIN indexes on the character bigrams of
# an opinion's text and location and of a voter's name. SQLite searches with LIKE alone.
FUNCTION = """
CREATE OR REPLACE FUNCTION voters_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
    FROM generate_series(1, length(value) - 1) AS i
$$
"""
INDEXES = {
    "voters_opinion_content_bigrams": ("voters_opinion", "content"),
    "voters_opinion_location_bigrams": ("voters_opinion", "location"),
    "voters_voter_name_bigrams": ("voters_voter", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for index, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (voters_bigrams({column}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute("DROP FUNCTION IF EXISTS voters_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("voters", "0013_triage_mediation_forward_guests")]

    operations = [migrations.RunPython(create, drop)]
