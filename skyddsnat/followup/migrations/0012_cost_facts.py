"""Cost facts (one row per intervention with its case's kind, district and person, see
models.CostFact), filled from the records, and kept like the reaction facts: the interventions'
triggers (0004) already mark their case stale; a trigger on the cases marks a case whose kind,
district or person changes; a TRUNCATE empties them (PostgreSQL only)."""

from django.db import migrations, models

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE FUNCTION followup_stale_cases_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO followup_stalecase (case_id)
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.kind, n.district_id, n.person_id) IS DISTINCT FROM (o.kind, o.district_id, o.person_id)
      AND EXISTS (SELECT 1 FROM cases_intervention i WHERE i.case_id = n.id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER followup_stale_case_moved AFTER UPDATE ON cases_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_cases_case_moved();
CREATE OR REPLACE FUNCTION followup_stale_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM followup_reactionfact;
    DELETE FROM followup_costfact;
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT case_id FROM cases_intervention ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
INSERT INTO followup_costfact (intervention_id, case_id, kind, district_id, person_id,
    intervention_type_id, started_on, cost_sek)
SELECT i.id, i.case_id, c.kind, c.district_id, c.person_id, i.intervention_type_id,
    i.started_on, i.cost_sek
FROM cases_intervention i JOIN cases_case c ON c.id = i.case_id;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS followup_stale_case_moved ON cases_case;
DROP FUNCTION IF EXISTS followup_stale_cases_case_moved();
CREATE OR REPLACE FUNCTION followup_stale_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM followup_reactionfact;
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0011_national_scale_indexes"), ("cases", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="CostFact",
            fields=[
                ("intervention_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("case_id", models.BigIntegerField(db_index=True)),
                ("kind", models.CharField(max_length=10)),
                ("district_id", models.BigIntegerField(null=True)),
                ("person_id", models.BigIntegerField()),
                ("intervention_type_id", models.BigIntegerField()),
                ("started_on", models.DateField()),
                ("cost_sek", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "cost fact",
                "verbose_name_plural": "cost facts",
                "indexes": [
                    models.Index(
                        fields=["started_on"],
                        include=(
                            "kind",
                            "district_id",
                            "person_id",
                            "intervention_type_id",
                            "cost_sek",
                        ),
                        name="followup_costfact_started_idx",
                    )
                ],
            },
        ),
        PostgresOnlySQL(FORWARD, BACKWARD),
    ]
