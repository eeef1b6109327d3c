"""The audit trail cannot be changed or deleted: not through the application, not by a
statement on the database, and on PostgreSQL not by the application's own role."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from coop.audit.models import AuditEvent, AuditTampering
from coop.audit.protection import app_role_grants
from coop.audit.services import anchor, seal
from coop.core.extensions import db


def _org_id() -> int:
    return db.session.scalar(sa.text("SELECT id FROM organization WHERE slug = 'coop-a'"))


def test_the_application_cannot_change_or_delete_an_event(app, world):
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 1))
        event.action = "forged"
        with pytest.raises(AuditTampering):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 1))
        db.session.delete(event)
        with pytest.raises(AuditTampering):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'forged' WHERE seq = 1",
        "UPDATE audit_event SET seq = seq + 1000 WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 3",
        "UPDATE audit_anchor SET hash = 'x'",
        "DELETE FROM audit_anchor",
    ],
)
def test_the_database_refuses_whoever_asks(app, world, statement):
    from coop.core.tenancy.models import Organization

    with app.app_context():
        org = db.session.get(Organization, _org_id())
        anchor(org, "test", "", None)
        db.session.commit()
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            result = conn.execute(sa.text(statement))
            assert result.rowcount > 0  # nothing refused: the statement must have hit rows


def test_sealing_an_unsealed_event_is_still_allowed(app, world):
    from coop.audit.services import unsealed_insert, unsealed_values
    from coop.core.tenancy.models import Organization

    with app.app_context():
        org = db.session.get(Organization, _org_id())
        values = unsealed_values(org, None, "ballot.cast", "vote", 1, {})
        db.session.connection().execute(unsealed_insert(), values)
        db.session.commit()
        seal(org)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.seq.is_(None))) == 0


def test_the_application_role_cannot_touch_the_trail(app, world):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("roles and grants are PostgreSQL's")
        role = f"coop_app_{db.engine.url.database}"
        owner_url = db.engine.url
        with db.engine.begin() as conn:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
            conn.execute(sa.text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'app'"))
            for statement in app_role_grants(role):
                conn.execute(sa.text(statement))
        engine = sa.create_engine(owner_url.set(username=role, password="app"))
        try:
            for statement in (
                "UPDATE audit_event SET action = 'forged' WHERE seq = 1",
                "DELETE FROM audit_event WHERE seq = 1",
                "TRUNCATE audit_event",
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "DROP TRIGGER audit_event_guard ON audit_event",
                "DELETE FROM audit_anchor",
            ):
                with pytest.raises(DBAPIError), engine.begin() as conn:
                    conn.execute(sa.text(statement))
            with engine.begin() as conn:  # the rest of the application's work goes on
                assert conn.scalar(sa.text("SELECT count(*) FROM audit_event")) > 0
                conn.execute(sa.text("UPDATE member SET community = community"))
        finally:
            engine.dispose()
            with db.engine.begin() as conn:
                conn.execute(sa.text(f'DROP OWNED BY "{role}"'))
                conn.execute(sa.text(f'DROP ROLE "{role}"'))
