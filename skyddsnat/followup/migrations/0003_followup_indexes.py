"""Indexes the equal-treatment query needs on the spine tables (CREATE INDEX only, PostgreSQL only):
the reports of a period read from the index alone, and "is this the case's first report?" answered
by one index probe per report."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE INDEX IF NOT EXISTS followup_report_received_covering_idx
    ON children_report (received_at) INCLUDE (id, case_id, child_id, district_id);
CREATE INDEX IF NOT EXISTS followup_report_case_first_idx
    ON children_report (case_id, received_at, id);
"""

BACKWARD = """
DROP INDEX IF EXISTS followup_report_case_first_idx;
DROP INDEX IF EXISTS followup_report_received_covering_idx;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_budget_2021"), ("children", "0002_initial")]
    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
