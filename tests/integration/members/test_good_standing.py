"""Good standing as dated periods: recorded by the board, carried by imports, read by the
eligibility of an assembly's date."""

from datetime import date, timedelta

import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import queries
from coop.members.models import GoodStandingPeriod, Member
from coop.members.standing_rules import StandingBasis, StandingPeriod
from coop.members.standing_services import record_standing
from tests.factories import login_as
from tests.integration.members.test_import import _csv, _upload


def _eligible(org, day, good_standing_only=True):
    return set(db.session.scalars(queries.eligible_ids(org, day, good_standing_only)))


def test_eligibility_on_a_date_reads_the_periods(app, ctx, world):
    org = db.session.get(Organization, world.a.id)
    ana = db.session.get(Member, world.a.member_ids["003"])
    luis = db.session.get(Member, world.a.member_ids["004"])
    everyone = _eligible(org, date(2024, 6, 1), good_standing_only=False)
    assert _eligible(org, date(2024, 6, 1)) == everyone  # in good standing from admission
    # Luis's rights suspended from March to May 2024; Ana paid her dues up to June 2024.
    record_standing(
        org,
        luis,
        StandingPeriod(date(2024, 3, 1), date(2024, 5, 31), False, StandingBasis.DECISION),
        "Acta 40",
        None,
    )
    record_standing(
        org,
        ana,
        StandingPeriod(date(2024, 1, 1), date(2024, 6, 30), True, StandingBasis.DUES),
        "Recibo 1043",
        None,
    )
    assert luis.id not in _eligible(org, date(2024, 4, 1)) and ana.id in _eligible(
        org, date(2024, 4, 1)
    )
    assert luis.id in _eligible(org, date(2024, 6, 1))
    assert ana.id not in _eligible(org, date(2024, 7, 1))
    assert ana.id in _eligible(org, date(2024, 7, 1), good_standing_only=False)
    assert ana.id in _eligible(org, date(2023, 12, 31))  # before the dues: admission speaks
    # Both agree with the member's own reading.
    for day in (date(2024, 4, 1), date(2024, 7, 1)):
        for member in (ana, luis):
            assert (member.id in _eligible(org, day)) == member.in_good_standing_on(day)
    # Another organization's periods never count here.
    other = db.session.get(Organization, world.b.id)
    assert _eligible(other, date(2024, 7, 1)) == _eligible(other, date(2024, 7, 1), False)


def test_the_board_records_dues_and_decisions_on_the_members_page(app, client, world):
    login_as(client, "secretary")
    member_id = world.a.member_ids["002"]
    url = f"/o/coop-a/members/{member_id}/standing"
    with app.app_context():
        today = db.session.get(Organization, world.a.id).today()
    client.post(
        url,
        data={
            "kind": "not_good",
            "starts_on": (today - timedelta(days=3)).isoformat(),
            "reference": "Acta 41",
        },
    )
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "Not in good standing" in page and "Acta 41" in page and "Board decision" in page
    assert "<dt>In good standing today</dt><dd>No</dd>" in page
    client.post(url, data={"kind": "dues", "starts_on": today.isoformat()})
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "Give the date the dues are paid up to." in page
    client.post(
        url,
        data={
            "kind": "dues",
            "starts_on": "2014-01-01",
            "ends_on": "2030-12-31",
        },
    )
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "The period cannot start before the member joined." in page
    client.post(
        url,
        data={"kind": "dues", "starts_on": today.isoformat(), "ends_on": "2030-12-31"},
    )
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "<dt>In good standing today</dt><dd>Yes</dd>" in page
    with app.app_context():
        periods = db.session.scalars(
            sa.select(GoodStandingPeriod)
            .where(GoodStandingPeriod.member_id == member_id)
            .order_by(GoodStandingPeriod.id)
        ).all()
        assert [p.basis for p in periods] == ["admission", "decision", "dues"]
    client.post("/logout")
    login_as(client, "certifier")
    assert (
        client.post(url, data={"kind": "good", "starts_on": today.isoformat()}).status_code == 403
    )


def test_an_import_carries_good_standing_and_reads_back_unchanged(app, client, world):
    login_as(client, "secretary")
    header = "Número de socio;Nombres;Apellidos;Fecha de ingreso;Al día;Cuotas pagadas hasta"
    rows = [
        "401;Ana;Ruiz;2010-01-01;sí;31/12/2030",
        "402;Luis;Sol;2010-01-01;no;",
        "403;Eva;Mar;2010-01-01;;",
    ]
    client.post(_upload(client, _csv(*rows, header=header)).location + "/apply")
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        today = org.today()
        by_number = {
            m.number: m
            for m in db.session.scalars(
                sa.select(Member).where(Member.number.in_(["401", "402", "403"]))
            )
        }
        assert [p.basis for p in by_number["401"].standing] == ["dues"]
        assert by_number["401"].in_good_standing_on(date(2030, 12, 31))
        assert not by_number["401"].in_good_standing_on(date(2031, 1, 1))
        assert not by_number["402"].in_good_standing_on(today)
        assert by_number["403"].in_good_standing_on(today)
    changed = [rows[0].replace("31/12/2030", "31/12/2031"), rows[1].replace(";no;", ";sí;")]
    page = client.get(_upload(client, _csv(*changed, header=header)).location).get_data(
        as_text=True
    )
    assert "Dues paid up to: Dec 31, 2030 → Dec 31, 2031" in page
    assert "In good standing: No → Yes" in page
    exported = client.get("/o/coop-a/members/register.csv").data
    page = client.get(_upload(client, exported, "padron.csv").location).get_data(as_text=True)
    assert "Unchanged</dt><dd>9<" in page


def test_the_flag_of_before_becomes_a_period_in_the_migration(tmp_path):
    """The data migration: yes or no without a date becomes a period from the join date."""
    from alembic import command
    from flask_migrate import Migrate  # noqa: F401 - the extension holds the config

    from coop import create_app

    url = f"sqlite:///{tmp_path / 'migrate.db'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, "0005")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO organization (id, slug, name, country, timezone, default_locale, "
                    "youth_max_age, created_at) VALUES (1, 'o', 'O', 'UY', 'UTC', 'es', 35, "
                    "'2026-01-01 00:00:00')"
                )
            )
            for id_, number, good in ((1, "0010", True), (2, "00009", False)):
                conn.execute(
                    sa.text(
                        "INSERT INTO member (id, organization_id, number, given_names, surnames, "
                        "sex, community, group_name, phone, joined_on, admission_decision, "
                        "in_good_standing, status, search_text, created_at) VALUES (:id, 1, :n, "
                        "'A', 'B', 'female', '', '', '', '2015-02-01', '', :good, 'active', '', "
                        "'2026-01-01 00:00:00')"
                    ),
                    {"id": id_, "n": number, "good": good},
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO member_status_change (organization_id, member_id, status, "
                        "effective_on, reason, decision, recorded_at) VALUES (1, :id, 'active', "
                        "'2015-02-01', '', '', '2026-01-01 00:00:00')"
                    ),
                    {"id": id_},
                )
        command.upgrade(config, "head")
        with db.engine.connect() as conn:
            periods = conn.execute(
                sa.text(
                    "SELECT member_id, starts_on, ends_on, in_good_standing, basis "
                    "FROM good_standing_period ORDER BY member_id"
                )
            ).all()
            keys = dict(conn.execute(sa.text("SELECT number, number_key FROM member")).all())
            history = conn.execute(
                sa.text("SELECT member_id, date_unknown, corrects_id FROM member_status_change")
            ).all()
        db.engine.dispose()
    assert [(p[0], str(p[1]), p[2], bool(p[3]), p[4]) for p in periods] == [
        (1, "2015-02-01", None, True, "flag"),
        (2, "2015-02-01", None, False, "flag"),
    ]
    assert keys["00009"] < keys["0010"]
    assert sorted((m, bool(u), c) for m, u, c in history) == [(1, False, None), (2, False, None)]
