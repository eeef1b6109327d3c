from datetime import date, timedelta

import sqlalchemy as sa

from coop.assemblies.models import AgendaItem, Assembly
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.minutes.models import MinutesStatus
from coop.minutes.rules import sha256_text
from coop.statutes.presets import URUGUAY
from coop.statutes.services import save_version
from tests.factories import documents_in, login_as, login_member, org_today
from tests.integration.minutes.helpers import (
    approve,
    close_with_a_vote,
    minutes_of,
    name_signers,
)
from tests.pdfs import is_pdf_a, pdf_text, qpdf_check


def test_draft_is_written_from_the_record(app, client, world):
    documents_in(app, world, "en")  # the facts read in English here
    url = close_with_a_vote(client, world)
    page = client.get(f"{url}/").get_data(as_text=True)
    assert "Draft minutes" in page
    assert (
        "The assembly was constituted at the first call with a quorum of 3 members present and "
        "0 represented, 3 in all, of 5 entitled to vote; 3 were required. At this call the "
        "statute asks for more than 1/2 of the members."
    ) in page
    assert "Convened on" in page and "Community radio" in page
    assert "Yes: 2; No: 0; Abstain: 1." in page
    assert "under the rule more than 1/2 of the votes cast" in page
    assert "001 María Pérez 001" in page
    assert "Who chaired the session and who took the minutes is not named yet." in page


def test_free_text_and_signers_are_saved_but_never_the_facts(app, client, world):
    documents_in(app, world, "en")  # the facts read in English here
    url = close_with_a_vote(client, world)
    data = {
        f"note-{world.a.decision_item_id}": "Se aprobaron <b>los estados</b>.",
        f"note-{world.b.decision_item_id}": "ignored",
        "opening": "Apertura",
        "closing": "Fin",
        "signer-president": "001",
        "signer-secretary": "002",
        # Nothing but free text and signers is read from the form: the facts stay the record's.
        "present": "99",
        "quorum": "1",
    }
    assert client.post(f"{url}/edit", data=data).status_code == 302
    page = client.get(f"{url}/").get_data(as_text=True)
    assert "Se aprobaron &lt;b&gt;los estados&lt;/b&gt;." in page
    assert "chaired by María Pérez 001, with José Pérez 002 taking the minutes" in page
    # (not "99" alone: a token or a hash on the page may hold those digits)
    assert "3 members present" in page and "99 members" not in page
    minutes = minutes_of(app, world.a.assembly_id)
    assert str(world.b.decision_item_id) not in minutes.notes
    assert minutes.opening == "Apertura"
    # Who signs may change while the minutes are a draft, even swapping two signers.
    assert name_signers(client, url, president="002", secretary="001").status_code == 302
    minutes = minutes_of(app, world.a.assembly_id)
    assert {s.slot: s.member_id for s in minutes.signers} == {
        "president": world.a.member_ids["002"],
        "secretary": world.a.member_ids["001"],
    }


def test_signers_must_be_members_present_once_each(app, client, world):
    url = close_with_a_vote(client, world)
    refused = name_signers(client, url, president="404", secretary="002")
    assert refused.status_code == 400 and "No member has number 404" in refused.text
    absent = name_signers(client, url, president="004", secretary="002")
    assert absent.status_code == 400 and "not in the attendance book" in absent.text
    twice = name_signers(client, url, president="001", secretary="001")
    assert twice.status_code == 400 and "named twice" in twice.text
    # Nothing of a refused form is kept, not even its free text; it comes back as typed.
    note = f"note-{world.a.decision_item_id}"
    again = client.post(
        f"{url}/edit", data={"opening": "X", "signer-president": "004", note: "Debate largo"}
    )
    assert "Debate largo" in again.text and 'value="004"' in again.text
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.opening == "" and not minutes.signers


def test_approval_needs_who_signs_then_numbers_and_freezes_the_text(app, client, world):
    url = close_with_a_vote(client, world)
    approve(client, url)
    assert "Name who signs as President before approving." in client.get(f"{url}/").text
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.DRAFT
    name_signers(client, url, president="001", secretary="002")
    assert approve(client, url).status_code == 302
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.status == MinutesStatus.APPROVED and minutes.number == 1
    assert minutes.approved_in_id == world.a.assembly_id
    assert minutes.required_slots == ["president", "secretary"]
    assert minutes.locked_sha256 == sha256_text(minutes.locked_html)
    # The record is written in the organization's language (es), in its own words.
    html = minutes.locked_html
    assert "Acta n.º 1" in html and minutes.locked_locale == "es"
    assert "quedó constituida en primera convocatoria con un quórum de 3 socios presentes" in html
    assert "más de 1/2 de los votos emitidos" in html and "votes_cast" not in html
    assert "días del mes de" in html
    assert "leída y aprobada por la asamblea al cierre" in html
    # Frozen: no more edits, no second approval.
    client.post(f"{url}/edit", data={"opening": "Cambio"})
    assert "Approved minutes are frozen" in client.get(f"{url}/").text
    assert approve(client, url).status_code == 302
    assert minutes_of(app, world.a.assembly_id).number == 1


def _assembly_closed_days_ago(app, world, days: int) -> None:
    with app.app_context():
        assembly = db.session.get(Assembly, world.a.assembly_id)
        assembly.closed_at -= timedelta(days=days)
        assembly.starts_at -= timedelta(days=days)
        db.session.commit()


def test_the_next_assembly_approves_minutes_left_at_the_close(app, client, world):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    _assembly_closed_days_ago(app, world, 3)
    approve(client, url)
    assert "approved now by the next assembly" in client.get(f"{url}/").text
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.DRAFT
    # The next assembly, before its session: not yet.
    created = client.post(
        "/o/coop-a/assemblies/new",
        data={
            "kind": "ordinary",
            "title": "Segunda asamblea",
            "date": org_today().isoformat(),
            "time": "00:01",
            "place": "Bodega",
        },
    )
    later = int(created.headers["Location"].rsplit("/", 1)[1])
    base = f"/o/coop-a/assemblies/{later}"
    client.post(
        f"{base}/items",
        data={"title": "Acta anterior", "kind": "information", "decision_kind": "ordinary"},
    )
    client.post(
        f"{base}/convene",
        data={
            "notice_given_on": (org_today() - timedelta(days=20)).isoformat(),
            "channels": "radio",
        },
    )
    approve(client, url, by=later)
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.DRAFT
    for number in ("001", "002", "003"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    page = client.get(base).text
    assert "Minutes awaiting approval" in page and "Approved by this assembly" in page
    response = approve(client, url, by=later)
    assert response.headers["Location"].endswith(base)
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_in_id == later
    assert "aprobada por la asamblea general (Ordinaria) “Segunda asamblea”" in (
        minutes.locked_html
    )
    assert "Minutes awaiting approval" not in client.get(base).text


def test_an_earlier_assembly_cannot_approve_later_minutes(app, client, world):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    # coop-b's assembly is another organization's: not found.
    assert approve(client, url, by=world.b.assembly_id).status_code == 404
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.DRAFT


def test_members_read_approved_minutes_but_not_drafts(client, world):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    client.post("/logout")
    login_member(client)
    assert client.get(f"{url}/").status_code == 404
    assert client.get(f"{url}/minutes.pdf").status_code == 404
    client.post("/logout")
    login_as(client, "secretary")
    approve(client, url)
    client.post("/logout")
    login_member(client)
    assert client.get(f"{url}/").status_code == 200
    assert approve(client, url).status_code == 403
    assert client.post(f"{url}/edit", data={"opening": "x"}).status_code == 403


def test_other_organizations_see_nothing(client, world):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.get(f"{url}/").status_code == 404
    other = url.replace("/o/coop-a/", "/o/coop-b/")
    assert client.get(f"{other}/").status_code == 404
    client.post("/logout")
    login_member(client, "coop-b")
    assert client.get(f"{url}/").status_code in (302, 404)
    assert client.post(f"{url}/sign", data={"slot": "president"}).status_code in (302, 404)


def test_the_pdf_holds_the_facts_of_the_record(app, client, world):
    url = close_with_a_vote(client, world)
    draft = client.get(f"{url}/minutes.pdf")
    assert draft.mimetype == "application/pdf"
    qpdf_check(draft.data)
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    response = client.get(f"{url}/minutes.pdf")
    assert response.status_code == 200
    qpdf_check(response.data)
    minutes = minutes_of(app, world.a.assembly_id)
    assert response.data == minutes.locked_pdf
    text = pdf_text(response.data)
    for fact in (
        "Acta n.º 1",
        "Cooperativa coop-a",
        "primera convocatoria con un quórum de 3 socios presentes y 0 representados",
        "de 5 con derecho a voto; se requerían 3",
        "Sí: 2; No: 0; Abstención: 1",
        "Aprobada",
        "más de 1/2 de los votos emitidos",
        "Presidió la sesión María Pérez 001",
        "001 María Pérez 001; 002 José Pérez 002; 003 Ana Pérez 003",
        minutes.locked_sha256,
    ):
        assert fact in text, fact
    # The archival variant: PDF/A metadata with its output intent.
    assert is_pdf_a(response.data)


def test_minutes_name_a_special_majority_and_quorum(app, client, world):
    with app.app_context():
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-a"))
        save_version(org, date(2000, 1, 1), "uruguay", "", URUGUAY, None)
        item = db.session.get(AgendaItem, world.a.decision_item_id)
        item.decision_kind = "merger"
        assembly = db.session.get(Assembly, world.a.assembly_id)
        assembly.statute_id = None
        db.session.commit()
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    # The scrutineers' sheet names the rule and the special quorum too.
    sheet = pdf_text(client.get(f"{base}/papers/results-sheet.pdf").data)
    assert "Se decide por 3/4 de los socios presentes." in sheet
    assert "Requiere un quórum especial de 2/3 de los socios con derecho a voto." in sheet
    for number in ("001", "002", "003", "004", "005"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    client.post(
        f"{base}/items/{world.a.decision_item_id}/hands", data={"yes": 5, "no": 0, "abstain": 0}
    )
    client.post(f"{base}/close")
    documents_in(app, world, "en")  # the minutes read in English from here
    page = client.get(f"{base}/minutes/").text
    assert "it required a special majority: 3/4 of the members present" in page
    assert "special quorum of 2/3 of the members entitled to vote, at most 100: 4 members" in page
