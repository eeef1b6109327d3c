"""The new statute settings through the form, the page that describes them, and old versions."""

from datetime import date

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.statutes.models import Statute
from coop.statutes.presets import COLOMBIA
from coop.statutes.rules import (
    AgendaAdditions,
    CallRule,
    DecisionKind,
    DecisionQuorum,
    EligibleOn,
    NoticeChannel,
    Share,
)
from coop.statutes.services import statute_on
from tests.factories import login_as
from tests.integration.statutes.test_statutes import _form


def _law_form(**changes):
    data = _form(
        eligible_on="notice",
        agenda_additions="never",
        extraordinary_notice_only="y",
        **{
            "quorum_kept-enabled": "y",
            "quorum_kept-numerator": "1",
            "quorum_kept-denominator": "10",
            "quorum_kept-min_count": "10",
            "delegates_per_members": "20",
            "delegate_numerator": "1",
            "delegate_denominator": "2",
            "majorities-3-quorum_numerator": "2",
            "majorities-3-quorum_denominator": "3",
            "majorities-3-quorum_at_most": "100",
        },
    )
    # Checkboxes post one value per ticked box.
    pairs = [(k, v) for k, v in data.items()]
    pairs += [("notice_channels_required", c) for c in ("office", "newspaper", "letter")]
    pairs += [("extraordinary_only", k) for k in ("statute_change", "dissolution")]
    for key, value in changes.items():
        pairs = [(k, v) for k, v in pairs if k != key] + ([(key, value)] if value else [])
    return MultiDict(pairs)


def _with(**extra):
    """The form with one more ticked box."""
    data = _law_form()
    for key, value in extra.items():
        data.add(key, value)
    return data


def _count_versions(world):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Statute).where(Statute.organization_id == world.a.id)
    )


def test_admin_records_every_new_setting_and_the_page_says_it_in_plain_words(app, client, world):
    login_as(client, "admin")
    response = client.post("/o/coop-a/statute/new", data=_law_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        rules = statute_on(org, date(2024, 6, 1)).rules
        assert rules.notice_channels_required == {
            NoticeChannel.OFFICE,
            NoticeChannel.NEWSPAPER,
            NoticeChannel.LETTER,
        }
        assert rules.eligible_on is EligibleOn.NOTICE
        assert rules.agenda_additions is AgendaAdditions.NEVER
        assert rules.extraordinary_notice_only is True
        assert rules.extraordinary_only == {DecisionKind.STATUTE_CHANGE, DecisionKind.DISSOLUTION}
        assert rules.quorum_kept == CallRule(share=Share(1, 10), min_count=10)
        assert rules.delegate_quorum == Share(1, 2)
        assert rules.decision_quorums == {
            DecisionKind.MERGER: DecisionQuorum(Share(2, 3), at_most=100)
        }
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    for words in (
        "every one of: Letter or note to each member, Newspaper, Posted at the office",
        "Active members, as on the date of the notice",
        "nothing may be added to the published agenda in session",
        "an extraordinary assembly decides only what its notice names",
        "Statute changes; Dissolution",
        "the quorum holds while 1/10 of eligible members and at least 10 remain",
        "quorum: 1/2 of the delegates elected and convened, in one call",
        "(never more than 100 in an assembly of members)",
    ):
        assert words in page, words


def test_the_form_starts_from_a_preset_with_its_new_settings(client, world):
    login_as(client, "admin")
    page = client.get("/o/coop-a/statute/new?preset=colombia").get_data(as_text=True)
    assert '<input checked id="quorum_kept-enabled"' in page
    assert 'name="delegate_numerator" type="number" value="1"' in page
    page = client.get("/o/coop-a/statute/new?preset=brazil").get_data(as_text=True)
    for ticked in ("notice_channels_required-3", "notice_channels_required-4"):
        assert f'<input checked id="{ticked}"' in page
    assert '<input checked id="extraordinary_only-1"' in page
    assert '<input id="extraordinary_only-0"' in page  # elections are not the AGE's alone
    page = client.get("/o/coop-a/statute/new?preset=uruguay").get_data(as_text=True)
    assert 'name="majorities-3-quorum_at_most" type="number" value="100"' in page
    assert '<option selected value="never">' in page


def test_the_page_in_spanish_and_portuguese_says_the_new_settings(app, client, world):
    with app.app_context():
        from coop.statutes.services import save_version

        org = db.session.get(Organization, world.a.id)
        save_version(org, date(2024, 1, 1), "colombia", "", COLOMBIA, None)
        db.session.commit()
    login_as(client, "admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    assert "Una vez abierta la sesión" in page
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    assert "Depois de aberta a sessão" in page


def test_bad_new_settings_are_refused_whole(app, client, world):
    login_as(client, "admin")
    cases = [
        (
            _law_form(
                **{
                    "quorum_kept-numerator": "",
                    "quorum_kept-denominator": "",
                    "quorum_kept-min_count": "",
                }
            ),
            "Give a fraction of members, a headcount",
        ),
        (_law_form(**{"majorities-3-quorum_at_most": "0"}), "Number must be between 1 and 100000"),
        (_law_form(delegate_denominator=""), "both parts"),
        (_law_form(agenda_additions="sometimes"), "Not a valid choice"),
        (_law_form(eligible_on="yesterday"), "Not a valid choice"),
        (_with(extraordinary_only="ordinary"), "is not a valid choice"),
        (_with(notice_channels_required="pigeon"), "is not a valid choice"),
    ]
    for data, message in cases:
        response = client.post("/o/coop-a/statute/new", data=data)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
    with app.app_context():
        assert _count_versions(world) == 1


def test_a_version_recorded_before_the_new_settings_reads_with_the_old_behaviour(
    app, client, world
):
    with app.app_context():
        statute = db.session.scalar(sa.select(Statute).where(Statute.organization_id == world.a.id))
        old = dict(statute.rules_json)
        for key in (
            "notice_channels_required",
            "quorum_kept",
            "delegate_quorum",
            "extraordinary_only",
            "agenda_additions",
            "extraordinary_notice_only",
            "eligible_on",
        ):
            old.pop(key)
        old["decision_quorums"] = {"merger": [2, 3, False]}
        statute.rules_json = old
        db.session.commit()
        statute_id = statute.id
    login_as(client, "admin")
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    assert "the assembly may add ordinary business to its agenda by its own vote" in page
    assert "every decision needs the quorum of the call at which it opened" in page
    assert "as on the day of the assembly" in page and "any one means" in page
    form = client.get(f"/o/coop-a/statute/new?from={statute_id}")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'name="majorities-3-quorum_numerator" type="number" value="2"' in html
    assert '<option selected value="by_vote">' in html


def test_the_rule_on_employees_is_set_on_the_form_and_said_on_the_page(app, client, world):
    login_as(client, "admin")
    page = client.get("/o/coop-a/statute/new?preset=brazil").get_data(as_text=True)
    assert '<input checked id="employees_vote_after_accounts"' in page
    page = client.get("/o/coop-a/statute/new?preset=uruguay").get_data(as_text=True)
    assert '<input id="employees_vote_after_accounts"' in page
    words = (
        "A member employed by the cooperative neither votes nor stands for election until the "
        "accounts of the year the job ended are approved."
    )
    assert words not in client.get("/o/coop-a/statute/").get_data(as_text=True)
    response = client.post("/o/coop-a/statute/new", data=_with(employees_vote_after_accounts="y"))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assert statute_on(org, date(2024, 6, 1)).rules.employees_vote_after_accounts is True
    assert words in client.get("/o/coop-a/statute/").get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    page = client.get("/o/coop-a/statute/").get_data(as_text=True)
    assert "empregado pela cooperativa" in page
    # Unticked, it is off again.
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/o/coop-a/statute/new", data=_law_form(effective_from="2025-01-01"))
    assert response.status_code == 302
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assert statute_on(org, date(2025, 6, 1)).rules.employees_vote_after_accounts is False
        assert statute_on(org, date(2024, 6, 1)).rules.employees_vote_after_accounts is True
