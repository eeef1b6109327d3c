from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from coop.assemblies import services as assemblies
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.statutes.models import Statute
from coop.statutes.presets import BRAZIL, URUGUAY
from coop.statutes.rules import DecisionKind
from coop.statutes.services import save_version, statute_on
from tests.factories import login_as, login_member, org_today


def _form(**changes):
    data = {
        "effective_from": "2024-01-01",
        "source": "Estatuto art. 25",
        "notice_min_days": "10",
        "notice_max_days": "30",
        "eligibility": "active",
        "eligible_on": "assembly_day",
        "agenda_additions": "by_vote",
        "proxies_per_holder": "1",
        "proxy_document_required": "y",
        "board_size": "5",
        "board_term_years": "2",
        "oversight_size": "3",
        "oversight_term_years": "1",
        "calls-0-enabled": "y",
        "calls-0-numerator": "1",
        "calls-0-denominator": "2",
        "calls-0-more_than": "y",
        "calls-1-enabled": "y",
        "calls-1-minutes_after_previous": "60",
    }
    for index, kind in enumerate(DecisionKind):
        qualified = kind not in ("ordinary", "election")
        data[f"majorities-{index}-numerator"] = "2" if qualified else "1"
        data[f"majorities-{index}-denominator"] = "3" if qualified else "2"
        data[f"majorities-{index}-basis"] = "present" if qualified else "votes_cast"
        if not qualified:
            data[f"majorities-{index}-more_than"] = "y"
    data.update(changes)
    return data


def test_every_organization_starts_from_its_countrys_preset(app, world):
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assert statute_on(org, org_today()).preset == "custom"  # coop-a is Mexican


def test_admin_records_a_version_from_the_form(app, client, world):
    login_as(client, "admin")
    assert client.get("/o/coop-a/statute/new?preset=uruguay").status_code == 200
    response = client.post("/o/coop-a/statute/new?preset=uruguay", data=_form())
    assert response.status_code == 302
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    assert "10 to 30 days before the assembly" in page
    assert "more than 1/2 of eligible members" in page and "whoever attends" in page
    assert "a member may carry 1 proxy" in page
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        rules = statute_on(org, date(2024, 6, 1)).rules
        assert rules.proxies_per_holder == 1 and len(rules.calls) == 2
        assert statute_on(org, date(2023, 6, 1)).preset == "custom"


def test_bad_statute_forms_are_refused_whole(app, client, world):
    login_as(client, "admin")
    cases = [
        (_form(notice_max_days="5"), "cannot be shorter than the shortest"),
        (_form(**{"calls-0-numerator": "3", "calls-0-denominator": "2"}), "cannot be above 1"),
        (_form(**{"calls-0-numerator": "1", "calls-0-denominator": ""}), "both parts"),
        (_form(proxies_per_holder="-1"), "Number must be between 0 and 20"),
        (_form(effective_from="1900-01-01"), "already takes effect"),
    ]
    for data, message in cases:
        response = client.post("/o/coop-a/statute/new", data=data)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Statute)
                .where(Statute.organization_id == world.a.id)
            )
            == 1
        )


def test_only_administrators_record_statutes(client, world):
    login_as(client, "secretary")
    assert client.get("/o/coop-a/statute/").status_code == 200
    assert client.post("/o/coop-a/statute/new", data=_form()).status_code == 403
    client.post("/logout")
    login_member(client)
    assert client.get("/o/coop-a/statute/").status_code == 200
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.post("/o/coop-a/statute/new", data=_form()).status_code == 404


def test_an_assembly_follows_the_version_in_force_on_its_date(app, world):
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(org, date(2030, 1, 1), "brazil", "Reforma 2029", BRAZIL, None)
        save_version(org, date(2020, 1, 1), "uruguay", "", URUGUAY, None)
        before = assemblies.create_assembly(
            org, "ordinary", "2025", datetime(2025, 3, 1, 15, tzinfo=UTC), "X", None
        )
        after = assemblies.create_assembly(
            org, "ordinary", "2031", datetime(2031, 3, 1, 15, tzinfo=UTC), "X", None
        )
        for assembly in (before, after):
            assemblies.add_item(org, assembly, "Informe", "information", None)
            assemblies.convene(
                org, assembly, assembly.starts_at.date() - timedelta(days=12), ["radio"], "", None
            )
        db.session.commit()
        assert assemblies.rules_for(org, before).proxies_per_holder == 1
        assert len(assemblies.rules_for(org, after).calls) == 3
        # Brazil asks 10 days at least; Uruguay at most 30: both notices were in time.
        assert before.notice_verdict == after.notice_verdict == "in_time"


def test_a_version_of_another_organization_is_not_a_starting_point(app, client, world):
    with app.app_context():
        other = db.session.scalar(
            sa.select(Statute.id).where(Statute.organization_id == world.b.id)
        )
    login_as(client, "admin")
    assert client.get(f"/o/coop-a/statute/new?from={other}").status_code == 404
    assert client.get("/o/coop-a/statute/new?from=abc").status_code == 200
    assert client.get("/o/coop-a/statute/new?preset=mars").status_code == 200
