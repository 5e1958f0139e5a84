"""The index the staff page needs at national scale (CREATE INDEX only, PostgreSQL only): the open
cases per unit and caseworker counted from a small index of open cases alone, instead of reading
every case."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE INDEX IF NOT EXISTS followup_case_open_load_idx
    ON cases_case (unit_id, assigned_to_id) WHERE status <> 'closed';
"""

BACKWARD = """
DROP INDEX IF EXISTS followup_case_open_load_idx;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0010_stale_on_investigation_rule"), ("cases", "0001_initial")]
    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
