"""The printable sheet of member cards, with each number as a Code 128 barcode."""

import base64

from barcode import Code128

from coop.members.cards import barcode_svg
from tests.factories import login_as


def test_a_barcode_is_the_number_drawn_as_vectors():
    svg = base64.b64decode(barcode_svg("00009").split(",", 1)[1]).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<rect" in svg
    assert "<image" not in svg  # drawn, not a picture inside
    # The bars are those of Code 128 for this number: one rect per black bar.
    modules = Code128("00009").build()[0]
    bars = sum(1 for i, m in enumerate(modules) if m == "1" and (i == 0 or modules[i - 1] == "0"))
    assert svg.count('style="fill:black;"') == bars


def test_the_board_prints_the_cards_of_the_members_it_lists(client, world):
    login_as(client, "secretary")
    response = client.get("/o/coop-a/members/cards.pdf?status=suspended")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    everyone = client.get("/o/coop-a/members/cards.pdf")
    assert len(everyone.data) > len(response.data)  # six cards against one
    page = client.get("/o/coop-a/members/?status=suspended").get_data(as_text=True)
    assert "/members/cards.pdf?" in page and "status=suspended" in page


def test_cards_are_for_the_board(client, world):
    login_as(client, "certifier")
    assert client.get("/o/coop-a/members/cards.pdf").status_code == 403
    client.post("/logout")
    login_as(client, "secretary", "coop-b")
    assert client.get("/o/coop-a/members/cards.pdf").status_code == 404


def test_the_register_filters_offer_every_value_of_the_enums(client, world):
    from coop.members.rules import MemberStatus, Product, Sex

    login_as(client, "secretary")
    page = client.get("/o/coop-a/members/?status=deceased").get_data(as_text=True)
    for value in [*MemberStatus, *Sex, *Product]:
        assert f'<option value="{value.value}"' in page, value
    assert '<option value="deceased" selected>' in page
