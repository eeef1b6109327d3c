"""Deciding as the law has it: Colombia's quorum kept once formed, its delegate assembly and
majority of those present; Uruguay's majorities and capped special quorum; members who
abstain by law on an item, counted out of its basis."""

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.assemblies import delegates
from coop.assemblies import services as assemblies
from coop.assemblies.models import AgendaItem, Assembly, Attendance, ByLawAbstention
from coop.audit.models import AuditEvent
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.statutes.presets import BRAZIL, COLOMBIA, URUGUAY
from coop.statutes.rules import DecisionKind, DecisionQuorum, Share
from coop.statutes.services import save_version
from coop.voting.ballots import cast_ballot
from coop.voting.models import Vote
from coop.voting.rules import Outcome
from tests.factories import (
    in_org_language,
    login_as,
    login_member,
    make_member,
    motion_tally,
    org_member,
    org_today,
)


def _setup(app, world, preset, rules, kind="ordinary", items=(), members=0):
    """coop-a under `rules`, with `members` more active members, and a convened assembly."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(org, date(2020, 1, 1), preset, "", rules, None)
        for n in range(members):
            make_member(org, f"{100 + n}")
        assembly = assemblies.create_assembly(
            org, kind, "Asamblea", datetime.now(UTC) - timedelta(minutes=1), "Sede", None
        )
        ids = [
            assemblies.add_item(org, assembly, title, item_kind, None, decision_kind).id
            for title, item_kind, decision_kind in items
        ]
        if kind != "delegate":
            channels = ["office", "newspaper", "letter"]
            assemblies.convene(org, assembly, org_today() - timedelta(days=12), channels, "", None)
        db.session.commit()
        return f"/o/coop-a/assemblies/{assembly.id}", assembly.id, ids


def _check_in(client, base, numbers):
    for number in numbers:
        assert client.post(f"{base}/attendance", data={"number": number}).status_code == 302


def _depart(app, client, base, assembly_id, numbers):
    with app.app_context():
        ids = db.session.scalars(
            sa.select(Attendance.id)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.assembly_id == assembly_id)
            .where(Member.number.in_(numbers))
        ).all()
    for attendance_id in ids:
        client.post(f"{base}/attendance/{attendance_id}/depart")


def _hands(client, base, item_id, yes, no, abstain):
    return client.post(
        f"{base}/items/{item_id}/hands", data={"yes": yes, "no": no, "abstain": abstain}
    )


def _vote(app, item_id) -> Vote | None:
    with app.app_context():
        return db.session.scalar(
            sa.select(Vote)
            .where(Vote.agenda_item_id == item_id)
            .options(selectinload(Vote.options))
        )


ITEMS = (("Cuentas", "decision", "ordinary"), ("Compras", "decision", "ordinary"))
NUMBERS = [f"{100 + n}" for n in range(25)]


def test_colombia_decides_while_the_reduced_minimum_remains(app, client, world):
    # 30 members: the first call needs 15; once formed, the quorum holds down to 10.
    base, assembly_id, (first, second) = _setup(
        app, world, "colombia", COLOMBIA, items=ITEMS, members=25
    )
    login_as(client, "secretary")
    _check_in(client, base, NUMBERS[:16])
    assert client.post(f"{base}/open").status_code == 302
    _depart(app, client, base, assembly_id, NUMBERS[:6])
    page = client.get(base).get_data(as_text=True)
    assert "The quorum holds: it is kept while at least 10 members remain" in page
    # Absolute majority of the 10 present: 5 yes is not enough, whatever the abstentions.
    assert _hands(client, base, first, 5, 1, 4).status_code == 302
    vote = _vote(app, first)
    assert (vote.outcome, vote.majority_rule) == (Outcome.REJECTED, ">1/2 present")
    # What the decision needed is what the record keeps: the quorum that held.
    assert (vote.present_at_vote, vote.quorum_required, vote.eligible_at_vote) == (10, 10, 30)
    _depart(app, client, base, assembly_id, NUMBERS[6:7])
    assert "The quorum is lost: at least 10 members must remain" in client.get(base).get_data(
        as_text=True
    )
    refused = _hands(client, base, second, 9, 0, 0)
    assert refused.status_code == 400
    assert "No quorum now: 9 counted, 10 needed" in refused.get_data(as_text=True)
    assert _vote(app, second) is None


def test_without_the_setting_a_departure_below_the_call_stops_decisions(app, client, world):
    rules = replace(COLOMBIA, quorum_kept=None)
    base, assembly_id, (first, _second) = _setup(
        app, world, "colombia", rules, items=ITEMS, members=25
    )
    login_as(client, "secretary")
    _check_in(client, base, NUMBERS[:16])
    client.post(f"{base}/open")
    _depart(app, client, base, assembly_id, NUMBERS[:2])
    refused = _hands(client, base, first, 9, 0, 0)
    assert "No quorum now: 14 counted, 15 needed" in refused.get_data(as_text=True)
    assert _vote(app, first) is None


def test_colombia_allows_no_proxies(app, client, world):
    base, _assembly_id, _ids = _setup(app, world, "colombia", COLOMBIA, items=ITEMS)
    login_as(client, "secretary")
    _check_in(client, base, ["001"])
    client.post(f"{base}/proxies", data={"holder": "001", "represented": "002", "document": "C"})
    assert "The statute allows no proxies." in client.get(base).get_data(as_text=True)


def test_a_colombian_delegate_assembly_needs_half_its_delegates_with_no_reduced_call(
    app, client, world
):
    rules = replace(COLOMBIA, delegates_per_members=10)
    base, assembly_id, _ids = _setup(
        app, world, "colombia", rules, kind="delegate", items=ITEMS, members=25
    )
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = db.session.get(Assembly, assembly_id)
        for number in ("001", "002", "003"):
            delegates.designate(org, assembly, number, None)
        assemblies.convene(org, assembly, org_today() - timedelta(days=12), ["letter"], "", None)
        db.session.commit()
        assert len(assembly.call_times) == 1
    login_as(client, "secretary")
    _check_in(client, base, ["001"])
    page = client.get(base).get_data(as_text=True)
    assert "Quorum not reached: 1 more member needed" in page
    client.post(f"{base}/no-quorum")
    client.post(f"{base}/open")
    page = client.get(base).get_data(as_text=True)
    assert "The statute has no further call: convene the assembly again." in page
    with app.app_context():
        assert db.session.get(Assembly, assembly_id).opened_at is None


def test_uruguay_dissolution_by_two_thirds_merger_by_three_quarters(app, client, world):
    items = (("Disolución", "decision", "dissolution"), ("Fusión", "decision", "merger"))
    base, _assembly_id, (dissolution, merger) = _setup(
        app, world, "uruguay", URUGUAY, kind="extraordinary", items=items, members=1
    )
    login_as(client, "secretary")
    _check_in(client, base, ["001", "002", "003", "004", "005", "100"])
    client.post(f"{base}/open")
    _hands(client, base, dissolution, 4, 2, 0)
    _hands(client, base, merger, 4, 2, 0)
    assert (_vote(app, dissolution).outcome, _vote(app, dissolution).majority_rule) == (
        Outcome.APPROVED,
        "2/3 present",
    )
    assert (_vote(app, merger).outcome, _vote(app, merger).majority_rule) == (
        Outcome.REJECTED,
        "3/4 present",
    )


def test_uruguay_special_quorum_in_the_room_and_its_cap(app, client, world):
    items = (("Disolución", "decision", "dissolution"),)
    base, _assembly_id, (item,) = _setup(
        app, world, "uruguay", URUGUAY, kind="extraordinary", items=items
    )
    login_as(client, "secretary")
    _check_in(client, base, ["001", "002", "003"])
    client.post(f"{base}/open")
    refused = _hands(client, base, item, 3, 0, 0)
    # 2/3 of 5 active members.
    assert "This decision needs 4 members present or represented; 3 are." in refused.get_data(
        as_text=True
    )
    assert _vote(app, item) is None


def test_a_capped_special_quorum_asks_no_more_than_its_cap(app, client, world):
    capped = replace(
        URUGUAY,
        decision_quorums={DecisionKind.DISSOLUTION: DecisionQuorum(Share(2, 3), at_most=3)},
    )
    items = (("Disolución", "decision", "dissolution"),)
    base, _assembly_id, (item,) = _setup(
        app, world, "uruguay", capped, kind="extraordinary", items=items
    )
    login_as(client, "secretary")
    _check_in(client, base, ["001", "002", "003"])
    client.post(f"{base}/open")
    assert _hands(client, base, item, 3, 0, 0).status_code == 302
    assert _vote(app, item).outcome == Outcome.APPROVED


# Members who abstain by law (Brazil, Lei 5.764 art. 44 §1).

BR_ITEMS = (
    ("Informe", "information", "ordinary"),
    ("Contas do conselho", "decision", "ordinary"),
    ("Compras", "decision", "ordinary"),
)


def _brazil(app, world):
    base, assembly_id, ids = _setup(app, world, "brazil", BRAZIL, items=BR_ITEMS)
    return base, assembly_id, ids


def _mark(client, base, item_id, number):
    return client.post(f"{base}/items/{item_id}/abstentions", data={"number": number})


def test_officers_marked_on_their_accounts_are_counted_out_of_its_basis(app, client, world):
    base, assembly_id, (info, accounts, purchases) = _brazil(app, world)
    login_as(client, "secretary")
    _check_in(client, base, ["001", "002", "003", "004"])
    client.post(f"{base}/open")
    for number in ("001", "002"):
        assert _mark(client, base, accounts, number).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Abstain by law, counted out of this item’s basis:" in page
    assert "001 María Pérez 001" in page and "002 José Pérez 002" in page
    # Only the two others may vote on the accounts.
    refused = _hands(client, base, accounts, 2, 0, 1)
    assert (
        "3 votes counted, but only 2 members present may vote on this item: 2 abstain by law."
    ) in refused.get_data(as_text=True)
    assert _vote(app, accounts) is None
    # More than half of the 2 who may vote: approved. The same count on an item nobody is
    # marked on is not more than half of the 4 present.
    _hands(client, base, accounts, 2, 0, 0)
    _hands(client, base, purchases, 2, 0, 0)
    accounts_vote, purchases_vote = _vote(app, accounts), _vote(app, purchases)
    assert (accounts_vote.outcome, accounts_vote.abstained_by_law) == (Outcome.APPROVED, 2)
    assert accounts_vote.present_at_vote == 4
    assert (purchases_vote.outcome, purchases_vote.abstained_by_law) == (Outcome.REJECTED, 0)
    # Once the item is voted, the marks are part of its result.
    _mark(client, base, accounts, "003")
    assert "who abstains by law can no longer change" in client.get(base).get_data(as_text=True)
    with app.app_context():
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "abstention.marked")
        ).all()
        assert len(events) == 2 and all(e.actor_id is not None for e in events)
        assert {e.data["agenda_item_id"] for e in events} == {accounts}
    client.post(f"{base}/close")
    minutes = client.get(f"{base}/minutes/").get_data(as_text=True)
    marked = "María Pérez 001, José Pérez 002"
    assert (
        in_org_language(
            app, "Abstaining by law, counted out of the basis: %(members)s.", members=marked
        )
        in minutes
    )
    assert in_org_language(app, "%(num)s of them abstained by law.", num=2, plural=True) in minutes
    client.post("/logout")
    login_as(client, "admin")
    archive = zipfile.ZipFile(
        io.BytesIO(
            client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).data
        )
    )
    folder = next(
        n.rsplit("/", 1)[0]
        for n in archive.namelist()
        if n.endswith("assembly.json") and json.loads(archive.read(n))["id"] == assembly_id
    )
    record = json.loads(archive.read(f"{folder}/assembly.json"))
    marked = record["agenda"][1]["abstaining_by_law"]
    assert [m["member_number"] for m in marked] == ["001", "002"]
    assert all(m["marked_at"] and m["marked_by_id"] for m in marked)
    assert record["agenda"][2]["abstaining_by_law"] == []
    rows = list(
        csv.DictReader(io.StringIO(archive.read(f"{folder}/votes.csv").decode("utf-8-sig")))
    )
    # One row per option of each vote (yes, no, abstain): the figure belongs to the vote.
    by_vote = {(r["position"], r["abstained_by_law"]) for r in rows}
    assert by_vote == {("2", "2"), ("3", "0")}


def test_marks_are_refused_with_a_reason_and_can_be_withdrawn_before_the_vote(app, client, world):
    base, _assembly_id, (info, accounts, _purchases) = _brazil(app, world)
    login_as(client, "secretary")
    cases = [
        ((info, "001"), "for information only: nobody votes on it"),
        ((accounts, "999"), "No member has number 999"),
        ((accounts, "900"), "may not vote in this assembly anyway"),
    ]
    for args, message in cases:
        _mark(client, base, *args)
        assert message in client.get(base).get_data(as_text=True), message
    _mark(client, base, accounts, "003")
    _mark(client, base, accounts, "003")
    assert "is already marked as abstaining by law on this item" in client.get(base).get_data(
        as_text=True
    )
    with app.app_context():
        entry = db.session.scalar(sa.select(ByLawAbstention))
        entry_id = entry.id
    client.post(f"{base}/items/{accounts}/abstentions/{entry_id}/remove")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ByLawAbstention)) == 0
        assert (
            db.session.scalar(
                sa.select(AuditEvent.data).where(AuditEvent.action == "abstention.unmarked")
            )["member_id"]
            == org_member(db.session.get(Organization, world.a.id), "003").id
        )
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    _mark(client, base, info, "001")
    assert "es solo informativo" in client.get(base).get_data(as_text=True)


def test_only_the_board_of_the_organization_marks(app, client, world):
    base, _assembly_id, (_info, accounts, _purchases) = _brazil(app, world)
    login_member(client)
    assert _mark(client, base, accounts, "002").status_code == 403
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert _mark(client, base, accounts, "002").status_code == 404
    with app.app_context():
        other = db.session.scalar(
            sa.select(AgendaItem.id).where(AgendaItem.organization_id == world.b.id)
        )
    client.post("/logout")
    login_as(client, "secretary")
    assert _mark(client, base, other, "002").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ByLawAbstention)) == 0


def test_a_member_marked_on_the_item_cannot_cast_a_ballot_on_it(app, client, world):
    base, assembly_id, (_info, accounts, _purchases) = _brazil(app, world)
    login_as(client, "secretary")
    _check_in(client, base, ["001", "002", "003", "004"])
    client.post(f"{base}/open")
    _mark(client, base, accounts, "001")
    client.post(f"{base}/items/{accounts}/open-vote")
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        vote = db.session.scalar(
            sa.select(Vote)
            .where(Vote.agenda_item_id == accounts)
            .options(selectinload(Vote.options))
        )
        with pytest.raises(DomainError, match="By law this member does not vote on this item"):
            cast_ballot(org, vote, org_member(org, "001"), "yes")
        for number in ("002", "003"):
            cast_ballot(org, vote, org_member(org, number), "yes")
        db.session.commit()
        vote_id = vote.id
    client.post(f"{base}/votes/{vote_id}/close")
    vote = _vote(app, accounts)
    # 001 had no ballot; 2 yes of the 3 who may vote is more than half.
    assert (*motion_tally(vote, app).__dict__.values(), vote.abstained_by_law) == (2, 0, 0, 1)
    assert vote.outcome == Outcome.APPROVED
