"""Reaction months hold each measure as a histogram (counts per whole hour or day, equality.py)
instead of every value, so the figures of ten years of a whole country merge in milliseconds; the
safety assessment is now measured in whole hours. Every case is marked stale so the next
computation (or `manage.py followup_refresh`) derives the facts and months again (PostgreSQL
only)."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
DELETE FROM followup_reactionmonth;
ALTER TABLE followup_reactionmonth
    ALTER COLUMN safety TYPE bytea USING ''::bytea,
    ALTER COLUMN pre TYPE bytea USING ''::bytea,
    ALTER COLUMN intervention TYPE bytea USING ''::bytea,
    ALTER COLUMN investigation TYPE bytea USING ''::bytea;
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
"""
BACKWARD = """
DELETE FROM followup_reactionmonth;
ALTER TABLE followup_reactionmonth
    ALTER COLUMN safety TYPE float8[] USING '{}',
    ALTER COLUMN pre TYPE integer[] USING '{}',
    ALTER COLUMN intervention TYPE integer[] USING '{}',
    ALTER COLUMN investigation TYPE integer[] USING '{}';
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0008_budget_like_with_like")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
