import io
import json
import zipfile

from coop.core.extensions import db
from coop.minutes.models import Minutes, MinutesStatus
from coop.minutes.rules import sha256_text
from tests.factories import login_as, login_member
from tests.integration.minutes.helpers import (
    approve,
    close_with_a_vote,
    give_pins,
    locked_minutes,
    minutes_of,
    name_signers,
    seen_hash,
    sign_as,
)
from tests.pdfs import pdf_text, qpdf_check


def _approved(app, client, world) -> str:
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    give_pins(app, "coop-a", "002", "003")
    return url


def test_each_named_member_signs_the_text_they_read_and_the_last_signature_locks(
    app, client, world
):
    url = _approved(app, client, world)
    assert sign_as(client, url, "001", "president").status_code == 302
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.status == MinutesStatus.APPROVED
    (signature,) = minutes.signatures
    assert signature.slot == "president" and signature.signer_name == "María Pérez 001"
    assert signature.sha256 == minutes.locked_sha256 == sha256_text(minutes.locked_html)
    assert signature.member_id == world.a.member_ids["001"] and signature.user_id
    approved_pdf = minutes.locked_pdf
    assert sign_as(client, url, "002", "secretary").status_code == 302
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.status == MinutesStatus.LOCKED and minutes.locked_at is not None
    # The PDF is stored again, with its signatures.
    assert minutes.locked_pdf != approved_pdf
    qpdf_check(minutes.locked_pdf)
    text = pdf_text(minutes.locked_pdf)
    assert "firmado en coop por María Pérez 001" in text
    assert "firmado en coop por José Pérez 002" in text
    page = client.get(f"{url}/").text
    assert "Signed and locked" in page and "no longer valid" not in page


def test_nobody_signs_in_anothers_place(app, client, world):
    url = _approved(app, client, world)
    client.post("/logout")
    login_member(client, "coop-a", "003")
    page = client.get(f"{url}/").text
    assert "Sign as" not in page
    hash_ = sha256_text(minutes_of(app, world.a.assembly_id).locked_html)
    client.post(f"{url}/sign", data={"slot": "president", "addendum": 0, "sha256": hash_})
    assert "Only the member named to sign as President signs here." in client.get(f"{url}/").text
    # The board's own accounts are not the members named.
    client.post("/logout")
    login_as(client, "secretary")
    client.post(f"{url}/sign", data={"slot": "secretary", "addendum": 0, "sha256": hash_})
    assert not minutes_of(app, world.a.assembly_id).signatures
    # Twice in one slot, or a slot the minutes do not ask for: refused.
    sign_as(client, url, "001", "president")
    client.post(f"{url}/sign", data={"slot": "president", "addendum": 0, "sha256": hash_})
    assert "already given" in client.get(f"{url}/").text
    client.post(f"{url}/sign", data={"slot": "member-1", "addendum": 0, "sha256": hash_})
    assert len(minutes_of(app, world.a.assembly_id).signatures) == 1


def test_a_signature_binds_to_the_text_read(app, client, world):
    url = _approved(app, client, world)
    client.post("/logout")
    login_member(client, "coop-a", "001")
    stale = "0" * 64
    client.post(f"{url}/sign", data={"slot": "president", "addendum": 0, "sha256": stale})
    assert "The text changed since you opened it" in client.get(f"{url}/").text
    assert not minutes_of(app, world.a.assembly_id).signatures


def _tamper(app, world, html_from, html_to, rehash=False) -> None:
    with app.app_context():
        minutes = db.session.get(Minutes, minutes_of(app, world.a.assembly_id).id)
        minutes.locked_html = minutes.locked_html.replace(html_from, html_to)
        if rehash:
            minutes.locked_sha256 = sha256_text(minutes.locked_html)
        db.session.commit()


def test_a_signed_minute_whose_text_is_changed_shows_its_signatures_no_longer_valid(
    app, client, world
):
    url = locked_minutes(app, client, world)
    login_member(client, "coop-a", "001")
    page = client.get(f"{url}/").text
    assert "no longer matches its seal" not in page
    # Someone rewrites the stored text, and even its hash, straight in the database.
    _tamper(app, world, "Sí: 2; No: 0", "Sí: 3; No: 0", rehash=True)
    page = client.get(f"{url}/").text
    assert "Warning: this record no longer matches its seal." in page
    assert "Signatures were given to another text: they are no longer valid." in page
    assert page.count("no longer valid: the text is not the one signed") == 2
    # The PDF a reader downloads carries the warning; the stored one is left untouched.
    download = client.get(f"{url}/minutes.pdf").data
    qpdf_check(download)
    assert "Aviso: este registro ya no coincide con su sello." in pdf_text(download)
    # The certifier's export says so too.
    client.post("/logout")
    login_as(client, "certifier")
    export = client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"})
    archive = zipfile.ZipFile(io.BytesIO(export.data))
    (name,) = [n for n in archive.namelist() if n.endswith("minutes.json")]
    record = json.loads(archive.read(name))
    assert record["intact"] is False and record["text_intact"] is True
    assert [s["valid"] for s in record["signatures"]] == [False, False]


def test_a_text_changed_without_its_hash_is_flagged(app, client, world):
    url = _approved(app, client, world)
    _tamper(app, world, "Sí: 2", "Sí: 9")
    login_as(client, "secretary")
    page = client.get(f"{url}/").text
    assert "The stored text is not the text that was approved" in page
    # Nobody signs a text that no longer matches its seal.
    client.post("/logout")
    login_member(client, "coop-a", "001")
    page = client.get(f"{url}/").text
    client.post(
        f"{url}/sign",
        data={"slot": "president", "addendum": 0, "sha256": seen_hash(page, "president")},
    )
    assert "cannot be signed" in client.get(f"{url}/").text
    assert not minutes_of(app, world.a.assembly_id).signatures


def test_corrections_are_dated_addenda_signed_by_president_and_secretary(app, client, world):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    # Before the minutes are locked there are no addenda.
    client.post(f"{url}/addenda", data={"text": "Demasiado pronto"})
    assert not minutes_of(app, world.a.assembly_id).addenda
    client.post("/logout")
    give_pins(app, "coop-a", "002")
    sign_as(client, url, "001", "president")
    sign_as(client, url, "002", "secretary")
    client.post("/logout")
    login_as(client, "secretary")
    assert client.post(f"{url}/addenda", data={"text": ""}).status_code == 302
    assert not minutes_of(app, world.a.assembly_id).addenda
    client.post(f"{url}/addenda", data={"text": "Donde dice 2 votos a favor, léase 2 votos."})
    minutes = minutes_of(app, world.a.assembly_id)
    (addendum,) = minutes.addenda
    assert addendum.number == 1 and addendum.sha256 == sha256_text(addendum.html)
    assert "Adenda n.º 1 al acta n.º 1" in addendum.html and addendum.locked_at is None
    assert "léase 2 votos" in pdf_text(minutes.locked_pdf)
    sign_as(client, url, "001", "president", addendum=1)
    sign_as(client, url, "002", "secretary", addendum=1)
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.addenda[0].locked_at is not None
    assert len(minutes.signatures) == 4 and minutes.status == MinutesStatus.LOCKED
    # The minutes' own text never changed.
    assert minutes.locked_sha256 == sha256_text(minutes.locked_html)
    page = client.get(f"{url}/").text
    assert "no longer matches its seal" not in page
