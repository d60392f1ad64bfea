"""
PostgreSQL only: enable pg_trgm and index the search columns (GIN on the tsvector, trigram GIN on
the text). On SQLite this migration does nothing; the search there uses its Python fallback.
"""

from django.db import migrations

TABLES = ["toolkit_behaviour", "toolkit_offence", "toolkit_tactic"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} USING gin (search_vector)")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_text_trgm ON {table} USING gin (search_text gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_vector_gin")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
