from coop.minutes.models import MinutesStatus
from tests.factories import login_as, login_member
from tests.integration.minutes.helpers import (
    approve,
    close_with_a_vote,
    give_pins,
    minutes_of,
    name_signers,
    sign_as,
)

SETTINGS = "/o/coop-a/minutes/signers"


def test_only_administrators_set_who_signs(client, world):
    login_as(client, "secretary")
    assert client.get(SETTINGS).status_code == 403
    client.post("/logout")
    login_member(client)
    assert client.post(SETTINGS, data={"member_signers": 2}).status_code == 403
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.get(SETTINGS).status_code == 404
    client.post("/logout")
    login_as(client, "admin")
    assert client.get(SETTINGS).status_code == 200
    refused = client.post(SETTINGS, data={"member_signers": 7, "basis": "x"})
    assert refused.status_code == 400 and "Number must be between 0 and 5" in refused.text
    assert client.post(SETTINGS, data={"member_signers": "", "basis": ""}).status_code == 400


def test_members_the_statute_names_sign_too(app, client, world):
    login_as(client, "admin")
    saved = client.post(SETTINGS, data={"member_signers": 1, "basis": "Estatuto, art. 35"})
    assert saved.status_code == 302
    client.post("/logout")
    url = close_with_a_vote(client, world)
    edit = client.get(f"{url}/edit").text
    assert "Member named to sign (1)" in edit and "Estatuto, art. 35" in edit
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    assert "Name who signs as Member named to sign before approving." in (
        client.get(f"{url}/").text
    )
    name_signers(client, url, president="001", secretary="002", member_1="003")
    approve(client, url)
    minutes = minutes_of(app, world.a.assembly_id)
    assert minutes.required_slots == ["president", "secretary", "member-1"]
    assert "Designados para firmar el acta con el presidente y el secretario: Ana Pérez 003." in (
        minutes.locked_html
    )
    # A later change of the setting leaves approved minutes as they were approved.
    client.post("/logout")
    login_as(client, "admin")
    client.post(SETTINGS, data={"member_signers": 0, "basis": ""})
    give_pins(app, "coop-a", "002", "003")
    sign_as(client, url, "001", "president")
    sign_as(client, url, "002", "secretary")
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.APPROVED
    sign_as(client, url, "003", "member-1")
    assert minutes_of(app, world.a.assembly_id).status == MinutesStatus.LOCKED
