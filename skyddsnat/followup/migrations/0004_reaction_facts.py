"""Reaction facts (one row per concern report, see models.ReactionFact) and the triggers that
mark a case stale whenever a record its facts derive from changes (PostgreSQL only: the SQLite demo
computes the figures straight from the records). Every case with reports starts stale, so the first
computation (or `manage.py followup_refresh`) fills the facts."""

from django.db import migrations, models

from skyddsnat.lib.migrations import PostgresOnlySQL

# Each source table and how to reach the case from one of its rows (`r` is the row).
SOURCES = {
    "children_report": "SELECT r.case_id FROM {rows} r",
    "children_safetyassessment": (
        "SELECT p.case_id FROM {rows} r JOIN children_report p ON p.id = r.report_id"
    ),
    "cases_decision": "SELECT r.case_id FROM {rows} r",
    "cases_investigation": "SELECT r.case_id FROM {rows} r",
    "cases_intervention": "SELECT r.case_id FROM {rows} r",
}


def _triggers() -> tuple[str, str]:
    """Statement-level triggers with transition tables: one insert per statement, however many
    rows it touched (bulk loads stay fast). A TRUNCATE empties the facts and marks every case."""
    forward, backward = [], []
    for table, select in SOURCES.items():
        for side in ("new", "old"):
            function = f"followup_stale_{table}_{side}"
            forward.append(f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT c.case_id FROM ({select.format(rows=f"{side}_rows")}) c
    WHERE c.case_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;""")
            backward.append(f"DROP FUNCTION IF EXISTS {function}() CASCADE;")
        forward.append(f"""
CREATE TRIGGER followup_stale_ins AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{table}_new();
CREATE TRIGGER followup_stale_upd_new AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{table}_new();
CREATE TRIGGER followup_stale_upd_old AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{table}_old();
CREATE TRIGGER followup_stale_del AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{table}_old();
CREATE TRIGGER followup_stale_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION followup_stale_truncate();""")
    truncate = """
CREATE FUNCTION followup_stale_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM followup_reactionfact;
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;"""
    mark_all = """
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;"""
    return (
        "\n".join([truncate, *forward, mark_all]),
        "\n".join([*backward, "DROP FUNCTION IF EXISTS followup_stale_truncate() CASCADE;"]),
    )


FORWARD, BACKWARD = _triggers()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_followup_indexes"),
        ("children", "0003_report_district_optional"),
        ("cases", "0004_lss_implementation_deadline"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReactionFact",
            fields=[
                ("report_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("case_id", models.BigIntegerField(db_index=True)),
                ("child_id", models.BigIntegerField()),
                ("district_id", models.BigIntegerField(null=True)),
                ("received_at", models.DateTimeField(db_index=True)),
                ("received_on", models.DateField()),
                ("month", models.CharField(max_length=7)),
                ("safety_days", models.FloatField(null=True)),
                ("is_first", models.BooleanField()),
                ("pre_days", models.IntegerField(null=True)),
                ("intervention_days", models.IntegerField(null=True)),
                ("investigation_days", models.IntegerField(null=True)),
                ("investigation_limit", models.DateField(null=True)),
                ("investigation_closed_on", models.DateField(null=True)),
            ],
            options={
                "verbose_name": "reaction fact",
                "verbose_name_plural": "reaction facts",
            },
        ),
        migrations.CreateModel(
            name="StaleCase",
            fields=[
                ("case_id", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "stale case",
                "verbose_name_plural": "stale cases",
            },
        ),
        PostgresOnlySQL(FORWARD, BACKWARD),
    ]
