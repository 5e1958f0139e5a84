"""Make the audit log append-only in PostgreSQL itself: UPDATE, DELETE and TRUNCATE are refused."""

from django.db import migrations

from skyddsnat.lib.migrations import PostgresOnlySQL

FORWARD = """
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
"""

BACKWARD = """
DROP TRIGGER audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER audit_entry_no_update_delete ON audit_auditentry;
DROP FUNCTION audit_entry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
