"""Name search among the persons a user may see: tell the planner that pg_trgm's word_similarity
is expensive (it is: it builds trigrams of both strings on every call). With the default cost of 1
PostgreSQL evaluated it on every person in the register (a sequential scan of 184,000 persons,
0.36 s) before joining the user's few thousand visible ones; priced honestly it joins first and
compares only those (0.04 s). See docs/performance.md.

Altering an extension's function needs its owner; where the application's role is not, the
migration says so and goes on (a database administrator can run the statement by hand)."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

ALTER = """
DO $$
BEGIN
    ALTER FUNCTION word_similarity(text, text) COST {cost};
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'word_similarity cost not changed: run ALTER FUNCTION word_similarity(text, '
                 'text) COST {cost} as the owner of the pg_trgm extension';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0003_identity_number_ascii_digits")]
    operations = [PostgresOnlySQL(ALTER.format(cost=1000), ALTER.format(cost=1))]
