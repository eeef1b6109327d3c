"""The database's own guard on the audit trail: triggers that refuse to change or delete what
it keeps, whoever asks, the application's role included.

An event may be updated once, to be sealed (its place and hashes set, nothing else); it is
never deleted; an anchor is never changed or deleted. On PostgreSQL, run the application
with a role that does not own the tables (see `app_role_grants`): it cannot drop or disable
the triggers either, and is not granted DELETE or TRUNCATE on the trail. Migration 0014
creates the triggers; `suspended` lifts them for the owner alone (tests clearing tables,
or simulating an attacker who owns the database).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

PROTECTED = ("audit_event", "audit_anchor")

POSTGRES = [
    """
CREATE OR REPLACE FUNCTION coop_audit_event_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND NEW.id = OLD.id
       AND NEW.organization_id = OLD.organization_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type
       AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
       AND NEW.data::text = OLD.data::text
       AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % of % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$
""",
    """
CREATE OR REPLACE FUNCTION coop_audit_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % of % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$
""",
    "CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION coop_audit_event_guard()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION coop_audit_refuse()",
    "CREATE TRIGGER audit_anchor_guard BEFORE UPDATE OR DELETE ON audit_anchor "
    "FOR EACH ROW EXECUTE FUNCTION coop_audit_refuse()",
    "CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor "
    "FOR EACH STATEMENT EXECUTE FUNCTION coop_audit_refuse()",
]

SQLITE = [
    """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE of audit_event refused'); END
""",
    """
CREATE TRIGGER audit_event_seal_only BEFORE UPDATE ON audit_event
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.organization_id IS NOT OLD.organization_id
  OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.action IS NOT OLD.action
  OR NEW.object_type IS NOT OLD.object_type
  OR NEW.object_id IS NOT OLD.object_id
  OR NEW.data IS NOT OLD.data
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE of audit_event refused'); END
""",
    """
CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE of audit_anchor refused'); END
""",
    """
CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE of audit_anchor refused'); END
""",
]

SQLITE_NAMES = (
    "audit_event_no_delete",
    "audit_event_seal_only",
    "audit_anchor_no_delete",
    "audit_anchor_no_update",
)


def install(connection: sa.Connection) -> None:
    """Create the triggers on this database."""
    for statement in POSTGRES if connection.dialect.name == "postgresql" else SQLITE:
        connection.execute(sa.text(statement))


def remove(connection: sa.Connection) -> None:
    """Drop the triggers (a downgrade)."""
    if connection.dialect.name == "postgresql":
        for table in PROTECTED:
            for trigger in ("guard", "no_truncate"):
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_{trigger} ON {table}"))
        connection.execute(sa.text("DROP FUNCTION IF EXISTS coop_audit_event_guard()"))
        connection.execute(sa.text("DROP FUNCTION IF EXISTS coop_audit_refuse()"))
    else:
        for name in SQLITE_NAMES:
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))


@contextmanager
def suspended(connection: sa.Connection) -> Iterator[None]:
    """Lift the guard within this connection's transaction: only the tables' owner can (the
    application's role cannot), and it is back before the transaction ends."""
    if connection.dialect.name == "postgresql":
        for table in PROTECTED:
            connection.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        yield
        for table in PROTECTED:
            connection.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    else:
        remove(connection)
        yield
        install(connection)


def app_role_grants(role: str) -> list[str]:
    """The PostgreSQL statements that let `role`, which does not own the tables, run the
    application: everything on the other tables, and on the trail only reading, adding, and
    sealing an event (an UPDATE of its place and hashes, which the trigger checks)."""
    quoted = '"' + role.replace('"', '""') + '"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_anchor FROM {quoted}",
        f"GRANT UPDATE (seq, prev_hash, hash) ON audit_event TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
