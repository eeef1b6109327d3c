"""Employment by the cooperative on the member's record: recorded by the board, and, where the
statute says so (Brazil, Lei 5.764/1971 art. 31), no vote and no candidacy until the accounts
of the year the job ended are approved."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from coop.assemblies import services as assemblies
from coop.assemblies.roll import eligible_among
from coop.audit.models import AuditEvent
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import queries
from coop.members.employment_rules import Employment, withheld_on
from coop.members.employment_services import complete_employment, record_employment
from coop.members.models import EmploymentPeriod, Member
from coop.statutes.presets import BRAZIL
from coop.statutes.rules import Position
from coop.statutes.services import save_version
from coop.voting.elections import check_candidates
from tests.factories import (
    login_as,
    login_member,
    make_member,
    org_member,
    org_today,
    statements_of,
)

BR_CHANNELS = ["office", "newspaper", "letter"]


def _org(world, which="a") -> Organization:
    return db.session.get(Organization, getattr(world, which).id)


def _brazil(org: Organization) -> None:
    save_version(org, date(2020, 1, 1), "brazil", "", BRAZIL, None)


def _assembly(org: Organization, starts_at: datetime, notice_on: date, accounts: bool = True):
    assembly = assemblies.create_assembly(org, "ordinary", "Assembleia", starts_at, "Sede", None)
    kind = "accounts" if accounts else "ordinary"
    item = assemblies.add_item(org, assembly, "Contas", "decision", None, kind)
    assemblies.convene(org, assembly, notice_on, BR_CHANNELS, "", None)
    return assembly, item


def _employ(org, number, start, end=None, approved=None, position="Almoxarife"):
    member = org_member(org, number)
    return record_employment(org, member, Employment(start, end, approved), position, None)


def _ids(org, *numbers):
    return {org_member(org, n).id for n in numbers}


def test_the_roll_query_and_the_rule_agree_and_see_one_organization(app, ctx, world):
    org, other = _org(world), _org(world, "b")
    _employ(org, "002", date(2018, 2, 1))
    _employ(org, "003", date(2018, 2, 1), date(2019, 6, 30))
    _employ(org, "003", date(2020, 3, 1), date(2021, 8, 31), date(2022, 2, 10))
    _employ(org, "004", date(2016, 1, 1), date(2020, 12, 31))
    _employ(org, "005", date(2019, 1, 1), date(2021, 1, 1))  # 2021's accounts, not 2020's
    _employ(other, "005", date(2016, 1, 1))
    members = db.session.scalars(sa.select(Member).where(Member.organization_id == org.id))
    periods = {m.id: [p.period for p in m.employment] for m in members}
    days = [date(2017, 1, 1), date(2019, 6, 30), date(2019, 7, 1), date(2020, 5, 1)]
    days += [date(2021, 3, 1), date(2022, 2, 10), date(2022, 6, 1), date(2024, 1, 1)]
    for day in days:
        for approval in (None, date(2019, 4, 1), date(2020, 4, 1), date(2021, 3, 1)):
            found = set(db.session.scalars(queries.vote_withheld_by_employment(org, day, approval)))
            expected = {m for m, ps in periods.items() if withheld_on(ps, day, approval)}
            assert found == expected, (day, approval)
    # Two spot checks of what that means: 003's accounts of 2019 wait for an assembly.
    assert set(
        db.session.scalars(queries.vote_withheld_by_employment(org, date(2022, 6, 1), None))
    ) == _ids(org, "002", "003", "004", "005")
    assert set(
        db.session.scalars(
            queries.vote_withheld_by_employment(org, date(2022, 6, 1), date(2022, 3, 1))
        )
    ) == _ids(org, "002")
    assert set(
        db.session.scalars(
            queries.vote_withheld_by_employment(org, date(2021, 6, 1), date(2021, 3, 1))
        )
    ) == _ids(org, "002", "003", "005")  # 003 employed again then
    # The other organization's employee is its own business.
    assert org_member(other, "005").id not in expected
    assert set(
        db.session.scalars(queries.vote_withheld_by_employment(other, date(2022, 6, 1), None))
    ) == _ids(other, "005")


def test_employees_are_off_the_roll_only_where_the_statute_says_so(app, ctx, world):
    org, other = _org(world), _org(world, "b")
    _brazil(org)
    today, last_year = org.today(), org.today().year - 1
    for each in (org, other):
        _employ(each, "002", date(2020, 1, 1))
        _employ(each, "003", date(2020, 1, 1), date(last_year, 6, 30), date(today.year, 1, 1))
        _employ(each, "004", date(2020, 1, 1), date(last_year, 6, 30))
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    brazilian, _item = _assembly(org, tomorrow, today)
    mexican = assemblies.create_assembly(other, "ordinary", "Asamblea", tomorrow, "Sede", None)
    assemblies.add_item(other, mexican, "Informe", "decision", None)
    assemblies.convene(other, mexican, today, ["radio"], "", None)
    numbers = ("001", "002", "003", "004", "005")
    assert eligible_among(org, brazilian, sorted(_ids(org, *numbers))) == _ids(
        org, "001", "003", "005"
    )
    # Coop-b's statute (Mexico's starting point) says nothing of employees.
    assert eligible_among(other, mexican, sorted(_ids(other, *numbers))) == _ids(other, *numbers)
    # An employee cannot stand for election where the statute says so.
    with pytest.raises(DomainError, match="cannot stand: employed by the cooperative"):
        check_candidates(org, brazilian, Position.BOARD, [org_member(org, "002")])
    with pytest.raises(DomainError, match=f"until the accounts of {last_year} are approved"):
        check_candidates(org, brazilian, Position.BOARD, [org_member(org, "004")])
    check_candidates(org, brazilian, Position.BOARD, [org_member(org, "003")])
    check_candidates(other, mexican, Position.BOARD, [org_member(other, "002")])


def test_an_employee_is_not_designated_a_delegate(app, ctx, world):
    from dataclasses import replace

    from coop.assemblies.delegates import designate

    org = _org(world)
    save_version(
        org, date(2020, 1, 1), "brazil", "", replace(BRAZIL, delegates_per_members=2), None
    )
    _employ(org, "002", date(2020, 1, 1))
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assembly = assemblies.create_assembly(org, "delegate", "Delegados", tomorrow, "Sede", None)
    with pytest.raises(DomainError, match="cannot be a delegate: employed by the cooperative"):
        designate(org, assembly, "002", None)
    assert designate(org, assembly, "003", None).member_id == org_member(org, "003").id


def test_the_roll_stays_one_statement_whatever_the_number_of_employees(app, ctx, world):
    org = _org(world)
    _brazil(org)
    assembly, _item = _assembly(org, datetime.now(UTC) + timedelta(days=1), org.today())
    db.session.flush()

    def roll() -> list[str]:
        ids = list(db.session.scalars(sa.select(Member.id).order_by(Member.id)))
        db.session.expire_all()
        return statements_of(app, lambda: eligible_among(org, assembly, ids))

    few = roll()
    for n in range(300):
        member = make_member(org, f"{500 + n}")
        record_employment(org, member, Employment(date(2020, 1, 1), None), "", None)
    db.session.flush()
    many = roll()
    assert len(many) == len(few)
    # The periods are read inside the roll's own statement; the approvals once beside it.
    assert [s for s in many if "employment_period" in s] == [
        s for s in many if "member_status_change" in s
    ]
    assert len([s for s in many if "employment_period" in s]) == 1


def test_the_door_says_why_and_an_accounts_vote_gives_the_vote_back(app, client, world):
    with app.app_context():
        org = _org(world)
        _brazil(org)
        last_year = org.today().year - 1
        _employ(org, "002", date(2020, 1, 1))
        _employ(org, "004", date(2020, 1, 1), date(last_year, 6, 30))
        held, item = _assembly(
            org, datetime.now(UTC) - timedelta(minutes=1), org_today() - timedelta(days=12)
        )
        db.session.commit()
        base, accounts_item = f"/o/coop-a/assemblies/{held.id}", item.id
    login_as(client, "secretary")
    refused = client.post(f"{base}/attendance", data={"number": "004"})
    assert refused.status_code == 400
    assert (
        "Luis Pérez 004 may not vote in this assembly and cannot be counted: employed by the "
        f"cooperative: no vote until the accounts of {last_year} are approved."
    ) in refused.get_data(as_text=True)
    refused = client.post(f"{base}/attendance", data={"number": "002"})
    assert (
        "employed by the cooperative: no vote until the accounts of the year the job ends are "
        "approved"
    ) in refused.get_data(as_text=True)
    sheet = client.post(f"{base}/attendance/paper", data={"numbers": "001 004", "time": "09:00"})
    assert sheet.status_code == 302
    page = client.get(f"{base}/attendance").get_data(as_text=True)
    assert f"no vote until the accounts of {last_year} are approved" in page
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    refused = client.post(f"{base}/attendance", data={"number": "004"})
    assert f"até que sejam aprovadas as contas de {last_year}" in refused.get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    # The member's page says it too, to the board and to the member.
    with app.app_context():
        luis = org_member(_org(world), "004").id
    page = client.get(f"/o/coop-a/members/{luis}").get_data(as_text=True)
    assert f"Employed by the cooperative: no vote until the accounts of {last_year}" in page
    # 001, 003 and 005 hold the assembly, which adopts the accounts of last year.
    for number in ("001", "003", "005"):
        assert client.post(f"{base}/attendance", data={"number": number}).status_code == 302
    assert client.post(f"{base}/open").status_code == 302
    hands = {"yes": 3, "no": 0, "abstain": 0}
    assert client.post(f"{base}/items/{accounts_item}/hands", data=hands).status_code == 302
    assert client.post(f"{base}/close").status_code == 302
    with app.app_context():
        org = _org(world)
        following, _item = _assembly(org, datetime.now(UTC) + timedelta(days=1), org.today())
        db.session.commit()
        assert eligible_among(org, following, sorted(_ids(org, "002", "004"))) == _ids(org, "004")
        following_id = following.id
    page = client.get(f"/o/coop-a/members/{luis}").get_data(as_text=True)
    assert "no vote until the accounts" not in page
    base = f"/o/coop-a/assemblies/{following_id}"
    assert client.post(f"{base}/attendance", data={"number": "004"}).status_code == 302
    assert client.post(f"{base}/attendance", data={"number": "002"}).status_code == 400


def test_the_board_records_employment_on_the_members_page(app, client, world):
    member_id = world.a.member_ids["003"]
    url = f"/o/coop-a/members/{member_id}/employment"
    login_as(client, "secretary")
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "No employment by the cooperative recorded." in page
    response = client.post(
        url, data={"employment-starts_on": "2021-02-01", "employment-position": "Contadora"}
    )
    assert response.status_code == 302
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "Contadora" in page and "Still employed" in page
    with app.app_context():
        period_id = db.session.scalar(
            sa.select(EmploymentPeriod.id).where(EmploymentPeriod.member_id == member_id)
        )
    ending = f"{url}/{period_id}"
    assert (
        client.post(ending, data={f"employment-{period_id}-ends_on": "2023-05-31"}).status_code
        == 302
    )
    approval = {f"employment-{period_id}-accounts_approved_on": "2024-03-20"}
    assert client.post(ending, data=approval).status_code == 302
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "May 31, 2023" in page and "Approved on Mar 20, 2024 (recorded by the board)" in page
    # Each is recorded once, never rewritten.
    again = client.post(ending, data={f"employment-{period_id}-ends_on": "2023-06-30"})
    assert again.status_code == 400
    assert "The end of this employment is already recorded." in again.get_data(as_text=True)
    with app.app_context():
        period = db.session.get(EmploymentPeriod, period_id)
        assert (period.ends_on, period.accounts_approved_on) == (
            date(2023, 5, 31),
            date(2024, 3, 20),
        )
        assert period.recorded_by_id is not None and period.organization_id == world.a.id
        actions = db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.object_type == "member", AuditEvent.object_id == member_id)
            .order_by(AuditEvent.id)
        ).all()
        assert actions[-3:] == [
            "member.employment_recorded",
            "member.employment_completed",
            "member.employment_completed",
        ]
    # Another organization's member, or a period of another member, is not found here.
    other_member = world.b.member_ids["003"]
    assert (
        client.post(
            f"/o/coop-a/members/{other_member}/employment",
            data={"employment-starts_on": "2021-02-01"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/o/coop-a/members/{world.a.member_ids['002']}/employment/{period_id}",
            data={f"employment-{period_id}-ends_on": "2023-05-31"},
        ).status_code
        == 404
    )
    with app.app_context():
        foreign = _employ(_org(world, "b"), "003", date(2021, 1, 1))
        db.session.commit()
        foreign_id = foreign.id
    assert (
        client.post(
            f"{url}/{foreign_id}", data={f"employment-{foreign_id}-ends_on": "2023-05-31"}
        ).status_code
        == 404
    )
    assert client.get(f"/o/coop-a/members/{other_member}").status_code == 404
    # Only the board records: the certifier and the member read.
    client.post("/logout")
    login_as(client, "certifier")
    assert client.post(url, data={"employment-starts_on": "2021-02-01"}).status_code == 403
    assert "Contadora" in client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)


def test_a_member_reads_their_employment_but_cannot_record_it(app, client, world):
    with app.app_context():
        _employ(_org(world), "001", date(2021, 1, 1), position="Motorista")
        db.session.commit()
    login_member(client)
    member_id = world.a.member_ids["001"]
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "Motorista" in page and "Record an employment" not in page
    response = client.post(
        f"/o/coop-a/members/{member_id}/employment", data={"employment-starts_on": "2022-01-01"}
    )
    assert response.status_code == 403


def _count(app, member_id):
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(EmploymentPeriod)
            .where(EmploymentPeriod.member_id == member_id)
        )


def test_bad_dates_are_refused_with_a_reason_and_nothing_is_written(app, client, world):
    member_id = world.a.member_ids["002"]
    url = f"/o/coop-a/members/{member_id}/employment"
    with app.app_context():
        today = _org(world).today()
        existing = _employ(_org(world), "002", date(2018, 1, 1), date(2019, 12, 31))
        db.session.commit()
        existing_id = existing.id
    login_as(client, "secretary")
    later = (today + timedelta(days=1)).isoformat()
    cases = [
        ({"starts_on": "2021-05-01", "ends_on": "2021-04-30"}, "cannot end before it starts"),
        ({"starts_on": "2014-12-31"}, "cannot start before the member joined"),
        ({"starts_on": "2019-06-01"}, "overlaps another employment of the member"),
        ({"starts_on": "2021-05-01", "ends_on": later}, "The end is in the future"),
        ({"starts_on": later}, "The employment starts in the future"),
        (
            {
                "starts_on": "2021-05-01",
                "ends_on": "2021-09-30",
                "accounts_approved_on": "2021-12-01",
            },
            "after 31 December of the year the job ended",
        ),
        ({"starts_on": "2021-05-01", "accounts_approved_on": "2022-03-01"}, "Record the end"),
        ({"starts_on": "not a date"}, "Not a valid date value."),
    ]
    for data, message in cases:
        response = client.post(url, data={f"employment-{k}": v for k, v in data.items()})
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
        assert _count(app, member_id) == 1, message
    ending = f"{url}/{existing_id}"
    response = client.post(
        ending, data={f"employment-{existing_id}-accounts_approved_on": "2019-12-31"}
    )
    assert response.status_code == 400
    assert "after 31 December" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(EmploymentPeriod, existing_id).accounts_approved_on is None
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = client.post(
        url, data={"employment-starts_on": "2021-05-01", "employment-ends_on": "2021-04-30"}
    )
    assert response.status_code == 400
    assert "El empleo no puede terminar antes de empezar." in response.get_data(as_text=True)
    assert _count(app, member_id) == 1


def test_the_database_refuses_an_end_before_the_start(app, ctx, world):
    org = _org(world)
    member = org_member(org, "002")
    db.session.add(
        EmploymentPeriod(
            organization_id=org.id,
            member_id=member.id,
            starts_on=date(2021, 5, 1),
            ends_on=date(2021, 4, 30),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_completing_a_period_checks_it_again(app, ctx, world):
    org = _org(world)
    member = org_member(org, "002")
    period = _employ(org, "002", date(2021, 5, 1))
    with pytest.raises(DomainError, match="cannot end before it starts"):
        complete_employment(org, member, period, date(2021, 4, 1), None, None)
    with pytest.raises(DomainError, match="Give the end of the employment"):
        complete_employment(org, member, period, None, None, None)
    complete_employment(org, member, period, date(2022, 1, 31), date(2023, 2, 1), None)
    assert period.period == Employment(date(2021, 5, 1), date(2022, 1, 31), date(2023, 2, 1))
