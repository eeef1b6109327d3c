"""The database itself refuses what the application would: unknown enum values, negative
counts, a second event after the same one in an audit chain, deleting a referenced row."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coop.assemblies.models import Assembly
from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.members.models import Member, ProductionUnit
from coop.voting.models import Vote, VoteOption
from tests.factories import login_as, open_session


def _refused(statement: sa.Executable) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(statement)


@pytest.mark.parametrize(
    ("model", "column", "value"),
    [
        (Member, "status", "on_holiday"),
        (Member, "sex", "x"),
        (Assembly, "status", "adjourned"),
        (Assembly, "kind", "general"),
    ],
)
def test_unknown_enum_values_are_refused(app, world, model, column, value):
    with app.app_context():
        _refused(sa.update(model).values({column: value}))
        # The same statement with a known value goes through: the check is on the value.
        known = db.session.scalar(sa.select(getattr(model, column)).limit(1))
        db.session.execute(sa.update(model).values({column: known}))
        db.session.rollback()


def test_negative_counts_and_areas_are_refused(app, world):
    with app.app_context():
        _refused(sa.update(Assembly).values(present_count=-1))
        member = db.session.get(Member, world.a.member_ids["001"])
        unit = {"organization_id": member.organization_id, "member_id": member.id}
        _refused(sa.insert(ProductionUnit).values(**unit, product="coffee", product_area_ha=-2))
        _refused(sa.insert(ProductionUnit).values(**unit, product="honey", hives=-5))
        db.session.execute(sa.insert(ProductionUnit).values(**unit, product="honey", hives=5))
        db.session.rollback()


def test_vote_counts_cannot_go_below_zero(app, world, client):
    login_as(client, "secretary")
    base = open_session(client, world, "001", "002", "003")
    counts = {"yes": 3, "no": 0, "abstain": 0}
    client.post(f"{base}/items/{world.a.decision_item_id}/hands", data=counts)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 1
        _refused(sa.update(Vote).values(blank=-1))
        _refused(sa.update(VoteOption).values(total=-1))
        _refused(sa.update(Vote).values(outcome="maybe"))


def test_the_audit_chain_cannot_fork(app, world):
    with app.app_context():
        head = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.organization_id == world.a.id)
            .order_by(AuditEvent.id.desc())
        ).first()
        fork = {
            "organization_id": head.organization_id,
            "action": "fork",
            "object_type": "test",
            "data": {},
            "created_at": head.created_at,
            "prev_hash": head.prev_hash,  # a second event after the one before the head
            "hash": "f" * 64,
        }
        _refused(sa.insert(AuditEvent).values(**fork))


def test_a_member_named_by_other_records_cannot_be_deleted(app, world):
    with app.app_context():
        member = db.session.get(Member, world.a.member_ids["001"])
        _refused(sa.delete(Member).where(Member.id == member.id))
        db.session.rollback()
