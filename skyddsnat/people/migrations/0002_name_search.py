"""Name search with PostgreSQL's own trigram index: typos and partial names, no search server."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [
        PostgresOnlySQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
            "CREATE INDEX person_full_name_trgm ON people_person "
            "USING gin ((first_name || ' ' || last_name) gin_trgm_ops);",
            "DROP INDEX person_full_name_trgm;",
        )
    ]
