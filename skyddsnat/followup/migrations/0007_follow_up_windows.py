"""The reaction facts now count each step only within its follow-up window (equality.WINDOW_DAYS):
mark every case with reports stale, so the next computation (or `manage.py followup_refresh`)
derives the facts again (PostgreSQL only, like the facts)."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0006_early_help_facts")]

    operations = [PostgresOnlySQL(FORWARD, "SELECT 1;")]
