from tests.factories import login_as, login_member


def test_organization_default_applies_without_any_other_choice(app, world):
    client = app.test_client()  # no Accept-Language header
    page = client.get("/o/coop-a/login").get_data(as_text=True)
    assert '<html lang="es">' in page and "Número de socio" in page


def test_browser_language_beats_the_organization_default(app, world):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR,pt;q=0.9"
    page = client.get("/o/coop-a/login").get_data(as_text=True)
    assert '<html lang="pt-BR">' in page


def test_bare_portuguese_gets_brazilian_portuguese(app, world):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt"
    assert '<html lang="pt-BR">' in client.get("/login").get_data(as_text=True)


def test_switcher_choice_is_kept_in_the_session(client, world):
    client.post("/language?next=/login", data={"lang": "pt_BR"})
    assert '<html lang="pt-BR">' in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="pt-BR">' in client.get("/login").get_data(as_text=True)


def test_user_setting_wins_and_follows_the_user(app, client, world):
    login_as(client, "admin")
    client.post("/language", data={"lang": "es"})
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login_as(other, "admin")
    assert '<html lang="es">' in other.get("/o/coop-a/").get_data(as_text=True)


def test_dates_and_numbers_follow_the_locale(client, world):
    login_member(client)
    client.post("/language", data={"lang": "es"})
    page = client.get("/o/coop-a/assemblies/").get_data(as_text=True)
    assert "Convocada" in page


def test_error_pages_are_translated(app, world):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = client.get("/o/nowhere/")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
    assert "Page not found" not in response.get_data(as_text=True)
