"""Reaction months: the reaction facts summed up per district and month (see equality.py), so the
figures of long periods need not aggregate every fact again (PostgreSQL only). Every case with
reports is marked stale, so the first computation (or `manage.py followup_refresh`) fills them."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE TABLE followup_reactionmonth (
    district_id bigint NOT NULL,
    month varchar(7) NOT NULL,
    reports integer NOT NULL,
    safety float8[] NOT NULL,
    pre integer[] NOT NULL,
    intervention integer[] NOT NULL,
    investigation integer[] NOT NULL,
    investigation_over integer NOT NULL,
    undecided_on date[] NOT NULL,
    undecided_children bigint[] NOT NULL,
    ongoing_limit date[] NOT NULL,
    ongoing_children bigint[] NOT NULL,
    children_single integer NOT NULL,
    safety_single integer NOT NULL,
    pre_single integer NOT NULL,
    intervention_single integer NOT NULL,
    investigation_single integer NOT NULL,
    children_listed bigint[] NOT NULL,
    safety_listed bigint[] NOT NULL,
    pre_listed bigint[] NOT NULL,
    intervention_listed bigint[] NOT NULL,
    investigation_listed bigint[] NOT NULL,
    PRIMARY KEY (district_id, month)
);
CREATE INDEX followup_reactionfact_district_month ON followup_reactionfact (district_id, month);
CREATE INDEX followup_reactionfact_child ON followup_reactionfact (child_id);
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM children_report ON CONFLICT DO NOTHING;
"""
BACKWARD = """
DROP INDEX IF EXISTS followup_reactionfact_district_month;
DROP INDEX IF EXISTS followup_reactionfact_child;
DROP TABLE IF EXISTS followup_reactionmonth;
"""


class Migration(migrations.Migration):
    dependencies = [("followup", "0004_reaction_facts")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
