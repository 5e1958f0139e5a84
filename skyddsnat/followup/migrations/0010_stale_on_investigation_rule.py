"""The reaction facts store each investigation's limit, built from the investigation's deadline
rule (followup/limits.py). When that rule changes, every case is marked stale so the next
computation derives the facts and months again with the new limit (PostgreSQL only). The
pre-assessment limit is applied when the figures are read, so a change of it needs nothing here."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE FUNCTION followup_stale_every_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER followup_stale_rule_ins AFTER INSERT ON cases_deadlinerule
    FOR EACH ROW WHEN (NEW.kind = 'investigation')
    EXECUTE FUNCTION followup_stale_every_case();
CREATE TRIGGER followup_stale_rule_upd AFTER UPDATE ON cases_deadlinerule
    FOR EACH ROW WHEN ('investigation' IN (OLD.kind, NEW.kind)
        AND (OLD.kind, OLD.amount, OLD.unit) IS DISTINCT FROM (NEW.kind, NEW.amount, NEW.unit))
    EXECUTE FUNCTION followup_stale_every_case();
CREATE TRIGGER followup_stale_rule_del AFTER DELETE ON cases_deadlinerule
    FOR EACH ROW WHEN (OLD.kind = 'investigation')
    EXECUTE FUNCTION followup_stale_every_case();
"""
BACKWARD = "DROP FUNCTION IF EXISTS followup_stale_every_case() CASCADE;"


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0009_reaction_month_histograms"),
        ("cases", "0004_lss_implementation_deadline"),
    ]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
