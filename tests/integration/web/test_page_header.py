"""The page header is drawn once per organization, role, language and kind of account, and
kept: each page still carries its own CSRF token and address, and nothing of anyone else's."""

import re

import pytest

from tests.factories import login_as, login_member

TOKEN = re.compile(r'<header class="top">.*?name="csrf_token" value="([^"]+)"', re.S)
NEXT = re.compile(r'<header class="top">.*?name="next" value="([^"]*)"', re.S)


def _header(page: str) -> str:
    return page[page.index('<header class="top">') : page.index("</header>")]


@pytest.fixture
def csrf_on(app):
    yield lambda: app.config.update(WTF_CSRF_ENABLED=True)
    app.config["WTF_CSRF_ENABLED"] = False


def test_each_reader_gets_their_own_token_and_address(app, world, csrf_on):
    first, second = app.test_client(), app.test_client()
    login_as(first, "secretary")
    login_as(second, "secretary")
    csrf_on()
    one = first.get("/o/coop-a/members/").get_data(as_text=True)
    two = second.get("/o/coop-a/assemblies/").get_data(as_text=True)
    mine, theirs = TOKEN.search(one).group(1), TOKEN.search(two).group(1)
    assert NEXT.search(one).group(1) == "/o/coop-a/members/?"
    assert NEXT.search(two).group(1) == "/o/coop-a/assemblies/?"
    # Each header carries its own session's token: it works there, and only there.
    assert first.post("/language", data={"lang": "es", "csrf_token": theirs}).status_code == 400
    assert first.post("/language", data={"lang": "es", "csrf_token": mine}).status_code == 302
    assert second.post("/language", data={"lang": "es", "csrf_token": theirs}).status_code == 302


def test_the_address_is_escaped_in_the_kept_header(app, world):
    client = app.test_client()
    login_as(client, "secretary")
    page = client.get('/o/coop-a/members/?q="><script>x</script>').get_data(as_text=True)
    assert "<script>x" not in _header(page)
    assert "&lt;script&gt;" in _header(page) or "%3Cscript%3E" in _header(page)


def test_the_header_follows_role_language_and_account(app, world):
    board, member = app.test_client(), app.test_client()
    login_as(board, "secretary")
    login_member(member)
    board_header = _header(board.get("/o/coop-a/").get_data(as_text=True))
    member_header = _header(member.get("/o/coop-a/").get_data(as_text=True))
    assert "/o/coop-a/members/" in board_header and "/o/coop-a/members/" not in member_header
    assert "/account/password" in board_header and "/account/password" not in member_header
    member.post("/language", data={"lang": "pt_BR"})
    assert "Assembleias" in _header(member.get("/o/coop-a/").get_data(as_text=True))
    member.post("/language", data={"lang": "es"})
    assert "Asambleas" in _header(member.get("/o/coop-a/").get_data(as_text=True))


def test_the_language_switcher_returns_to_the_page(app, world):
    client = app.test_client()
    login_as(client, "secretary")
    page = client.get("/o/coop-a/assemblies/").get_data(as_text=True)
    answer = client.post(
        "/language",
        data={"lang": "es", "next": NEXT.search(page).group(1), "csrf_token": "x"},
    )
    assert answer.location.startswith("/o/coop-a/assemblies/")


def test_an_organization_without_access_is_not_named_on_its_404(app, world):
    client = app.test_client()
    login_as(client, "secretary", "coop-b")
    answer = client.get("/o/coop-a/")
    assert answer.status_code == 404
    assert "Cooperativa coop-a" not in answer.get_data(as_text=True)


def test_an_address_whose_query_is_not_utf8_is_refused_with_a_page(app, world):
    client = app.test_client()
    login_as(client, "secretary")
    answer = client.get("/o/coop-a/members/", environ_overrides={"QUERY_STRING": "q=\xff"})
    assert answer.status_code == 400
    assert '<header class="top">' in answer.get_data(as_text=True)
