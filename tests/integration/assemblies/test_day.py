"""The assembly's day under a statute that allows one written proxy per member present."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.assemblies import services as assemblies
from coop.assemblies.models import AgendaItem, Attendance, Proxy
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.statutes.presets import URUGUAY
from coop.statutes.services import save_version
from coop.voting.models import Ballot, Vote
from tests.factories import (
    count_queries,
    login_as,
    login_member,
    make_member,
    motion_tally,
    org_today,
)


@pytest.fixture
def uy(app, world):
    """An assembly of coop-a convened under Uruguay's preset (one proxy each, in writing)."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(org, date(2020, 1, 1), "uruguay", "", URUGUAY, None)
        assembly = assemblies.create_assembly(
            org, "extraordinary", "Fusión", datetime.now(UTC) - timedelta(minutes=1), "Sede", None
        )
        assemblies.add_item(
            org, assembly, "Fusión con la cooperativa vecina", "decision", None, "merger"
        )
        assemblies.convene(org, assembly, org_today() - timedelta(days=12), ["letter"], "", None)
        db.session.commit()
        return f"/o/coop-a/assemblies/{assembly.id}", assembly.id


def _proxy(client, base, holder, represented, document="Carta 1"):
    return client.post(
        f"{base}/proxies", data={"holder": holder, "represented": represented, "document": document}
    )


def test_proxies_within_the_statutes_limits(app, client, world, uy):
    base, assembly_id = uy
    login_as(client, "secretary")
    for number in ("001", "002"):
        client.post(f"{base}/attendance", data={"number": number})
    cases = [
        (("001", "001"), "cannot carry their own proxy"),
        (("001", "002"), "is present and votes in person"),
        (("003", "004"), "must be checked in to carry a proxy"),
        (("001", "900"), "may not vote in this assembly, so cannot be represented"),
        (("001", "999"), "No member has number 999"),
        (("001", "003", ""), "asks for a written proxy"),
    ]
    for args, message in cases:
        _proxy(client, base, *args)
        assert message in client.get(base).get_data(as_text=True), message
    _proxy(client, base, "001", "003")
    _proxy(client, base, "001", "004")
    assert "already carries as many proxies" in client.get(base).get_data(as_text=True)
    _proxy(client, base, "002", "003")
    assert "already represented" in client.get(base).get_data(as_text=True)
    page = client.get(f"{base}/attendance").get_data(as_text=True)
    assert "Represented</dt><dd>1<" in page
    # A represented member who arrives votes in person: the proxy ends, on the record.
    assert client.post(f"{base}/attendance", data={"number": "003"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Proxy)) == 0
        from coop.audit.models import AuditEvent

        assert (
            db.session.scalar(
                sa.select(AuditEvent).where(AuditEvent.action == "proxy.ended_on_arrival")
            )
            is not None
        )


def test_proxies_count_for_quorum_and_vote(app, client, world, uy):
    base, assembly_id = uy
    login_as(client, "secretary")
    for number in ("001", "002"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    assert "No quorum at call 1: 2 counted, 3 needed" in client.get(base).get_data(as_text=True)
    _proxy(client, base, "001", "003")
    client.post(f"{base}/open")
    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.assembly_id == assembly_id))
    client.post(f"{base}/items/{item.id}/open-vote")
    with app.app_context():
        vote = db.session.scalar(
            sa.select(Vote)
            .where(Vote.agenda_item_id == item.id)
            .options(selectinload(Vote.options))
        )
        member_003 = world.a.member_ids["003"]
    client.post("/logout")
    login_member(client)  # 001, who carries 003's proxy
    # One question per page: their own first, then the one of the member they represent.
    page = client.get(f"{base}/ballot").get_data(as_text=True)
    assert "who gave you a proxy" not in page and 'name="for"' not in page
    client.post(f"{base}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes"})
    page = client.get(f"{base}/ballot").get_data(as_text=True)
    assert "who gave you a proxy" in page and f'name="for" value="{member_003}"' in page
    client.post(
        f"{base}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes", "for": member_003}
    )
    other = world.a.member_ids["004"]
    client.post(
        f"{base}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes", "for": other}
    )
    assert "do not carry a proxy" in client.get(f"{base}/ballot").get_data(as_text=True)
    client.post("/logout")
    login_as(client, "secretary")
    # A merger in Uruguay needs 2/3 of the active members in the room: 4 of 5.
    client.post(f"{base}/votes/{vote.id}/close")
    assert "This decision needs 4 members present or represented; 3 are." in client.get(
        base
    ).get_data(as_text=True)
    client.post(f"{base}/attendance", data={"number": "004"})
    client.post(f"{base}/votes/{vote.id}/close")
    with app.app_context():
        vote = db.session.get(Vote, vote.id)
        ballots = db.session.scalars(sa.select(Ballot)).all()
        assert sorted(b.cast_by_id != b.member_id for b in ballots) == [False, True]
        # ... and 3/4 of those present or represented: 2 of 4 is not enough.
        assert (motion_tally(vote, app).yes, vote.present_at_vote, vote.represented_at_vote) == (
            2,
            3,
            1,
        )
        assert vote.majority_rule == "3/4 present" and vote.outcome == "rejected"


def test_statute_without_proxies_refuses_them(client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/attendance", data={"number": "001"})
    _proxy(client, base, "001", "002")
    assert "The statute allows no proxies." in client.get(base).get_data(as_text=True)


def test_the_paper_sheet_is_entered_whole_or_not_at_all(app, client, world, uy):
    base, assembly_id = uy
    login_as(client, "secretary")
    client.post(f"{base}/attendance/paper", data={"numbers": "001 002\n404", "time": "09:30"})
    assert "No member has number 404" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/attendance/paper", data={"numbers": "001, 002\n003", "time": "09:30"})
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Attendance).where(Attendance.assembly_id == assembly_id)
        ).all()
        assert len(rows) == 3 and {r.source for r in rows} == {"paper"}
    assert "paper sheet" in client.get(f"{base}/attendance").get_data(as_text=True)


def test_the_assembly_adds_an_item_by_its_own_vote(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    for number in ("001", "002", "003"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    item = {"title": "Compra de abono", "kind": "decision", "decision_kind": "ordinary"}
    client.post(f"{base}/propose", data={**item, "yes": 1, "no": 2, "abstain": 0})
    assert "did not add the item" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/propose", data={**item, "yes": 3, "no": 0, "abstain": 0})
    with app.app_context():
        items = db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.assembly_id == world.a.assembly_id)
            .order_by(AgendaItem.position)
        ).all()
        assert [i.title for i in items][-3:] == [
            "Añadir al orden del día: Compra de abono",
            "Añadir al orden del día: Compra de abono",
            "Compra de abono",
        ]
        assert all(i.added_in_session for i in items[-3:])


def test_the_quorum_panel_is_a_fixed_number_of_queries(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"

    def count() -> int:
        return count_queries(app, client, base)

    client.post(f"{base}/attendance", data={"number": "001"})
    few = count()
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        for n in range(1000, 1500):
            member = make_member(org, str(n))
            db.session.add(
                Attendance(
                    organization_id=org.id, assembly_id=world.a.assembly_id, member_id=member.id
                )
            )
        db.session.commit()
    assert count() == few
    page = client.get(f"{base}/attendance").get_data(as_text=True)
    assert "501 members present" in page


def test_another_organizations_member_cannot_be_checked_in(client, world, app):
    from coop.members.models import Member

    with app.app_context():
        other = db.session.get(Member, world.b.member_ids["002"])
        other.surnames = "Únicamente Ajena"
        other.refresh_search_text()
        db.session.commit()
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    response = client.post(f"{base}/attendance", data={"number": "unicamente ajena"})
    assert response.status_code == 400 and "Nobody matches" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 0


def test_delegate_assemblies_show_the_delegates_each_section_elects(app, client, world):
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        from dataclasses import replace

        save_version(
            org, date(2021, 1, 1), "custom", "", replace(URUGUAY, delegates_per_members=2), None
        )
        db.session.commit()
    login_as(client, "secretary")
    response = client.post(
        "/o/coop-a/assemblies/new",
        data={
            "kind": "delegate",
            "title": "Delegados",
            "date": org_today().isoformat(),
            "time": "10:00",
            "place": "Sede",
        },
    )
    page = client.get(response.location).get_data(as_text=True)
    # Five active members without a group: one section of five, three delegates.
    assert "Delegates per section" in page and "3 delegates" in page


def _open_with(client, world, *numbers):
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    for number in numbers:
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    return base


def test_nothing_is_decided_once_the_quorum_has_gone(app, client, world):
    login_as(client, "secretary")
    base = _open_with(client, world, "001", "002", "003")
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Attendance).where(Attendance.assembly_id == world.a.assembly_id)
        ).all()
    for row in rows[:2]:
        client.post(f"{base}/attendance/{row.id}/depart")
    response = client.post(
        f"{base}/items/{world.a.decision_item_id}/hands", data={"yes": 1, "no": 0, "abstain": 0}
    )
    assert "No quorum now: 1 counted, 3 needed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0
    # The two come back: the same lines of the book, and the quorum with them.
    for number in ("001", "002"):
        assert client.post(f"{base}/attendance", data={"number": number}).status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Attendance)
                .where(Attendance.departed_at.is_(None))
            )
            == 3
        )
    assert (
        client.post(
            f"{base}/items/{world.a.decision_item_id}/hands", data={"yes": 2, "no": 1, "abstain": 0}
        ).status_code
        == 302
    )


def test_weighty_decisions_are_never_added_during_the_session(app, client, world):
    login_as(client, "secretary")
    base = _open_with(client, world, "001", "002", "003")
    client.post(
        f"{base}/propose",
        data={
            "title": "Disolución",
            "kind": "decision",
            "decision_kind": "dissolution",
            "yes": 3,
            "no": 0,
            "abstain": 0,
        },
    )
    assert "never added during the session" in client.get(base).get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(AgendaItem)
                .where(AgendaItem.added_in_session.is_(True))
            )
            == 0
        )


def test_no_proxies_in_a_delegate_assembly(app, client, world):
    from dataclasses import replace

    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(
            org, date(2021, 1, 1), "custom", "", replace(URUGUAY, delegates_per_members=2), None
        )
        assembly = assemblies.create_assembly(
            org, "delegate", "Delegados", datetime.now(UTC) - timedelta(minutes=1), "Sede", None
        )
        assemblies.add_item(org, assembly, "Informe", "information", None)
        assemblies.convene(org, assembly, org_today() - timedelta(days=12), ["letter"], "", None)
        db.session.commit()
        base = f"/o/coop-a/assemblies/{assembly.id}"
    login_as(client, "secretary")
    client.post(f"{base}/attendance", data={"number": "001"})
    _proxy(client, base, "001", "002")
    assert "no proxies in a delegate assembly" in client.get(base).get_data(as_text=True)


def test_delegates_are_the_roll_of_a_delegate_assembly(app, client, world):
    from dataclasses import replace

    from coop.members.models import Member

    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        for number, group in (
            ("001", "Norte"),
            ("002", "Norte"),
            ("003", "Sur"),
            ("004", "Sur"),
            ("005", "Sur"),
        ):
            member = db.session.get(Member, world.a.member_ids[number])
            member.group_name = group
        save_version(
            org,
            date(2021, 1, 1),
            "custom",
            "",
            replace(URUGUAY, delegates_per_members=2, proxies_per_holder=0),
            None,
        )
        assembly = assemblies.create_assembly(
            org, "delegate", "Delegados", datetime.now(UTC) - timedelta(minutes=1), "Sede", None
        )
        assemblies.add_item(org, assembly, "Plan de trabajo", "decision", None)
        db.session.commit()
        base = f"/o/coop-a/assemblies/{assembly.id}"
    login_as(client, "secretary")
    page = client.get(base).get_data(as_text=True)
    # Norte has 2 members: 1 delegate; Sur has 3: 2 delegates.
    assert "1 delegate" in page and "2 delegates" in page
    for number in ("001", "003", "004"):
        client.post(f"{base}/delegates", data={"number": number})
    client.post(f"{base}/delegates", data={"number": "002"})
    assert "Section Norte already has its 1 delegates." in client.get(base).get_data(as_text=True)
    client.post(f"{base}/delegates", data={"number": "900"})
    assert "cannot be a delegate" in client.get(base).get_data(as_text=True)
    client.post(
        f"{base}/convene",
        data={
            "notice_given_on": (org_today() - timedelta(days=12)).isoformat(),
            "channels": ["letter"],
        },
    )
    page = client.post(f"{base}/attendance", data={"number": "002"}).get_data(as_text=True)
    assert "may not vote in this assembly" in page  # not a delegate
    for number in ("001", "003"):
        client.post(f"{base}/attendance", data={"number": number})
    page = client.get(f"{base}/attendance").get_data(as_text=True)
    # Three delegates are the electorate: half plus one is 2.
    assert "Habilitados" not in page and "Eligible</dt><dd>3<" in page
    client.post(f"{base}/open")
    with app.app_context():
        from coop.assemblies.models import Voter

        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Voter)
                .where(Voter.assembly_id == assembly.id)
            )
            == 3
        )


def test_proxies_are_withdrawn_only_before_the_session_opens(app, client, world, uy):
    base, assembly_id = uy
    login_as(client, "secretary")
    for number in ("001", "002"):
        client.post(f"{base}/attendance", data={"number": number})
    _proxy(client, base, "001", "003")
    _proxy(client, base, "002", "004")
    with app.app_context():
        first, second = db.session.scalars(sa.select(Proxy).order_by(Proxy.id)).all()
    assert client.post(f"{base}/proxies/{first.id}/remove").status_code == 302
    client.post(f"{base}/open")
    client.post(f"{base}/proxies/{second.id}/remove")
    assert "only before the session opens" in client.get(base).get_data(as_text=True)
    with app.app_context():
        assert [p.id for p in db.session.scalars(sa.select(Proxy))] == [second.id]
    # Another organization's URL never reaches this proxy.
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    other = f"/o/coop-b/assemblies/{world.b.assembly_id}/proxies/{second.id}/remove"
    assert client.post(other).status_code == 404
