"""Casting a ballot: few statements, one ballot per member, every ballot in the audit trail."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from coop.assemblies import attendance, session
from coop.assemblies import services as assemblies
from coop.assemblies.proxies import add_proxy
from coop.audit.models import AuditEvent
from coop.audit.services import GENESIS, chain_payload, event_hash
from coop.auth.models import LoginSession, User
from coop.auth.sessions import SessionKeys
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.pins import issue_pin
from coop.statutes.presets import URUGUAY
from coop.statutes.services import save_version
from coop.voting import services as voting
from coop.voting.ballots import cast_ballot
from coop.voting.models import Ballot, Participation, Vote
from tests.factories import (
    PIN,
    login_as,
    login_member,
    open_session,
    org_member,
    org_today,
    statements_of,
)


def _open_vote(app, client, world) -> tuple[str, int]:
    login_as(client, "secretary")
    base = open_session(client, world, "001", "002", "003")
    client.post(f"{base}/items/{world.a.decision_item_id}/open-vote")
    client.post("/logout")
    with app.app_context():
        vote_id = db.session.scalar(
            sa.select(Vote.id).where(Vote.agenda_item_id == world.a.decision_item_id)
        )
    return base, vote_id


def test_a_cast_sends_five_statements_on_sqlite_and_three_on_postgresql(app, client, world):
    """The session with the organization and access, the vote, then the register of who
    voted, the ballot and its audit event: three INSERTs on SQLite, one on PostgreSQL."""
    base, vote_id = _open_vote(app, client, world)
    login_member(client)
    url = f"{base}/votes/{vote_id}/ballot"
    sent = statements_of(app, lambda: client.post(url, data={"choice": "yes", "confirm": "1"}))
    with app.app_context():
        most = 3 if db.engine.dialect.name == "postgresql" else 5
    assert len(sent) <= most, "\n\n".join(sent)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_a_cast_compiles_no_statement_anew(app, client, world):
    """Each of a cast's statements is compiled once and then found in SQLAlchemy's cache: one
    compiled again for every ballot costs a millisecond and more when the hall votes."""
    base, vote_id = _open_vote(app, client, world)
    url = f"{base}/votes/{vote_id}/ballot"
    with app.app_context():
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-a"))
        issue_pin(org, org_member(org, "002"), None, pin=PIN)
        db.session.commit()
    login_member(client, number="001")
    client.post(url, data={"choice": "yes", "confirm": "1"})
    client.post("/logout")
    login_member(client, number="002")
    with app.app_context():
        engine = db.engine
    hits: list[tuple[str, object]] = []

    def listener(_conn, _cursor, statement, _params, context, _many) -> None:  # noqa: ANN001
        hits.append((statement, context.cache_hit))

    sa.event.listen(engine, "after_cursor_execute", listener)
    try:
        response = client.post(url, data={"choice": "no", "confirm": "1"})
    finally:
        sa.event.remove(engine, "after_cursor_execute", listener)
    assert response.status_code == 200 and b'class="receipt"' in response.data
    hit = type(hits[0][1]).CACHE_HIT
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    work = [(text, how) for text, how in hits if not text.lstrip().upper().startswith(control)]
    assert work and all(how == hit for _text, how in work), [
        (text, how) for text, how in work if how != hit
    ]


def _chain_is_whole(org_id: int) -> bool:
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.organization_id == org_id).order_by(AuditEvent.seq)
    ).all()
    prev = GENESIS
    for place, event in enumerate(events, start=1):
        if event.seq != place or event.prev_hash != prev:
            return False
        if event_hash(prev, chain_payload(event)) != event.hash:
            return False
        prev = event.hash
    return True


def test_a_vote_closed_after_it_was_read_takes_no_ballot(app, client, world):
    """The ballot's statements check the vote again as they write: on SQLite the cast reads
    the vote in one transaction and writes in another, and a close may come in between."""
    _base, vote_id = _open_vote(app, client, world)
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        vote = db.session.get(Vote, vote_id)
        assert vote.is_open and vote.options  # as the cast read it
        # Closed meanwhile, behind the loaded vote's back (the table's UPDATE, not the ORM's,
        # which would change the loaded vote too).
        table = Vote.__table__
        db.session.execute(sa.update(table).where(table.c.id == vote_id).values(status="closed"))
        assert vote.is_open
        member = org_member(org, "001")
        with pytest.raises(DomainError) as refusal:
            cast_ballot(org, vote, member, "yes")
        assert refusal.value.message == "This vote is closed."
        for model in (Ballot, Participation):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
        assert not db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "ballot.cast")
        )


def _nothing_written() -> bool:
    counts = [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Ballot, Participation)
    ]
    cast = db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "ballot.cast"))
    return counts == [0, 0] and not cast


def _member_session() -> tuple[SessionKeys, int]:
    """The keys of the one live login session, as its cookie gives them, and its user."""
    sid, user_id = db.session.execute(
        sa.select(LoginSession.sid, LoginSession.user_id).where(LoginSession.ended_at.is_(None))
    ).one()
    version = db.session.get(User, user_id).session_version
    now = datetime.now(UTC)
    keys = SessionKeys(f"{user_id}:{version}", user_id, version, sid, int(now.timestamp()), now)
    return keys, user_id


@pytest.mark.parametrize("how", ["logged out", "new PIN"])
def test_a_session_ended_before_the_ballot_is_written_takes_no_ballot(app, client, world, how):
    """The ballot's statement checks that its login session is still live as it writes: a
    member logged out on another screen, or given a new PIN because the phone was lost,
    while the ballot waited for its turn."""
    _base, vote_id = _open_vote(app, client, world)
    login_member(client)  # member 001
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        member = org_member(org, "001")
        current, user_id = _member_session()
        vote = db.session.get(Vote, vote_id)
        if how == "logged out":
            db.session.execute(
                sa.update(LoginSession.__table__)
                .where(LoginSession.__table__.c.sid == current.sid)
                .values(ended_at=datetime.now(UTC))
            )
        else:
            table = User.__table__
            db.session.execute(
                sa.update(table)
                .where(table.c.id == user_id)
                .values(session_version=table.c.session_version + 1)
            )
        with pytest.raises(DomainError) as refusal:
            cast_ballot(org, vote, member, "yes", actor_id=user_id, session=current)
        assert refusal.value.message == "Your session has ended. Log in again to vote."
        assert _nothing_written()


def test_a_live_session_s_ballot_is_written(app, client, world):
    _base, vote_id = _open_vote(app, client, world)
    login_member(client)
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        current, user_id = _member_session()
        vote = db.session.get(Vote, vote_id)
        cast_ballot(org, vote, org_member(org, "001"), "yes", actor_id=user_id, session=current)
        assert not _nothing_written()


def test_every_ballot_is_in_the_audit_trail_and_sealed_when_the_vote_closes(app, client, world):
    base, vote_id = _open_vote(app, client, world)
    login_member(client)
    client.post(f"{base}/votes/{vote_id}/ballot", data={"confirm": "1", "choice": "no"})
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "ballot.cast"))
        member = org_member(db.session.get(Organization, world.a.id), "001")
        assert event.data["member_id"] == member.id and event.data["cast_by"] == member.id
        assert event.data["vote_id"] == vote_id and len(event.data["marks"]) == 1
        assert event.data["session"]  # which login session cast it
        assert event.actor_id is not None
        assert event.seq is None  # appended without the chain's lock
    client.post("/logout")
    login_as(client, "secretary")
    client.post(f"{base}/votes/{vote_id}/close")
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "ballot.cast"))
        closed = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "vote.closed"))
        assert event.seq is not None and event.seq < closed.seq
        assert _chain_is_whole(world.a.id)


def test_a_proxy_used_in_another_assembly_does_not_stop_the_member_at_the_door(app, world):
    """A member whose holder voted for them last year checks in this year in person."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(org, date(2020, 1, 1), "uruguay", "", URUGUAY, None)
        holder, represented = org_member(org, "001"), org_member(org, "002")
        present = [holder, org_member(org, "003"), org_member(org, "004")]

        def convened(title: str):
            assembly = assemblies.create_assembly(
                org, "ordinary", title, datetime.now(UTC) - timedelta(minutes=5), "Sede", None
            )
            item = assemblies.add_item(org, assembly, "Cuentas", "decision", None)
            assemblies.convene(
                org, assembly, org_today() - timedelta(days=12), ["letter"], "", None
            )
            return assembly, item

        last_year, item = convened("Asamblea pasada")
        for member in present:
            attendance.check_in(org, last_year, member, None)
        add_proxy(org, last_year, holder.number, represented.number, "Carta 1", None)
        session.open_session(org, last_year, None)
        vote = voting.open_vote(org, last_year, item, None)
        cast_ballot(org, vote, holder, "yes", on_behalf_of=represented.id)
        db.session.commit()

        this_year, _item = convened("Asamblea de este año")
        for member in present:
            attendance.check_in(org, this_year, member, None)
        add_proxy(org, this_year, holder.number, represented.number, "Carta 2", None)
        # Arriving in person ends this year's proxy; last year's ballot has no say.
        attendance.check_in(org, this_year, represented, None)
        db.session.commit()


def test_no_new_pin_for_a_member_who_may_vote_now_and_is_not_in_the_room(app, client, world):
    base, vote_id = _open_vote(app, client, world)  # 001, 002, 003 checked in; 004 is not
    login_as(client, "secretary")
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        absent, present = org_member(org, "004"), org_member(org, "002")
    refused = client.post(f"/o/coop-a/members/{absent.id}/pin", follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "is not checked in" in text and "a new PIN is issued once the vote is closed" in text
    # At the desk, a member in the room gets a new PIN.
    issued = client.post(f"/o/coop-a/members/{present.id}/pin")
    assert issued.status_code == 200 and "no-store" in issued.headers["Cache-Control"]
    client.post(f"{base}/votes/{vote_id}/close")
    assert client.post(f"/o/coop-a/members/{absent.id}/pin").status_code == 200
    with app.app_context():
        issued_for = db.session.scalars(
            sa.select(AuditEvent.object_id).where(AuditEvent.action == "member.pin_issued")
        ).all()
        assert absent.id in issued_for and issued_for.count(absent.id) == 1
