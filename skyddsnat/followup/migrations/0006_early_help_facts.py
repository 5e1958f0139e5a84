"""Early help offered from a case (children.EarlyHelp, no decision) is the case's first
intervention when it starts first: mark a case stale when its early help changes, like the other
sources of the reaction facts (migration 0004; PostgreSQL only). Cases that already have early help
are marked stale so their facts are derived again."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

TABLE = "children_earlyhelp"


def _functions() -> tuple[list[str], list[str]]:
    forward, backward = [], []
    for side in ("new", "old"):
        function = f"followup_stale_{TABLE}_{side}"
        forward.append(f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO followup_stalecase (case_id)
    SELECT DISTINCT r.case_id FROM {side}_rows r
    WHERE r.case_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;""")
        backward.append(f"DROP FUNCTION IF EXISTS {function}() CASCADE;")
    return forward, backward


_FORWARD, _BACKWARD = _functions()
FORWARD = "\n".join(
    [
        *_FORWARD,
        f"""
CREATE TRIGGER followup_stale_ins AFTER INSERT ON {TABLE}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{TABLE}_new();
CREATE TRIGGER followup_stale_upd_new AFTER UPDATE ON {TABLE}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{TABLE}_new();
CREATE TRIGGER followup_stale_upd_old AFTER UPDATE ON {TABLE}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{TABLE}_old();
CREATE TRIGGER followup_stale_del AFTER DELETE ON {TABLE}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION followup_stale_{TABLE}_old();
CREATE TRIGGER followup_stale_truncate AFTER TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION followup_stale_truncate();
INSERT INTO followup_stalecase (case_id)
SELECT DISTINCT case_id FROM {TABLE} WHERE case_id IS NOT NULL ON CONFLICT DO NOTHING;""",
    ]
)
BACKWARD = "\n".join(
    [
        f"DROP TRIGGER IF EXISTS followup_stale_truncate ON {TABLE};",
        *_BACKWARD,
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0005_reaction_months"),
        ("children", "0004_early_help"),
    ]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
