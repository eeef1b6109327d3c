import pytest

from tests.factories import PASSWORD, PIN, login, login_as, login_member


def test_admin_logs_in_and_lands_on_the_organization(client, world):
    response = login(client, "admin@coop-a.test")
    assert response.status_code == 302
    assert client.get("/").location.endswith("/o/coop-a/")
    assert client.get("/o/coop-a/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, world):
    response = login(client, "admin@coop-a.test", "wrong")
    assert response.status_code == 400
    assert "Wrong e-mail or password." in response.get_data(as_text=True)
    assert client.get("/o/coop-a/").status_code == 302


def test_member_logs_in_with_number_and_pin(client, world):
    response = login_member(client)
    assert response.status_code == 302
    assert client.get("/o/coop-a/").status_code == 200


def test_member_pin_is_checked_in_its_own_organization_only(client, world):
    assert login_member(client, slug="coop-b", number="001", pin="000000").status_code == 400
    assert login_member(client, number="002", pin=PIN).status_code == 400


def test_repeated_failures_are_throttled_even_with_the_right_password(client, world):
    for _ in range(5):
        assert login(client, "admin@coop-a.test", "wrong").status_code == 400
    response = login(client, "admin@coop-a.test", PASSWORD)
    assert response.status_code == 429
    assert "Too many" in response.get_data(as_text=True)
    # Another account is not affected.
    assert login(client, "secretary@coop-a.test").status_code == 302


def test_pin_failures_are_throttled(client, world):
    for _ in range(5):
        login_member(client, pin="999999")
    assert login_member(client).status_code == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_never_leaves_the_site(client, world, target):
    response = client.post(
        f"/login?next={target}", data={"email": "admin@coop-a.test", "password": PASSWORD}
    )
    assert response.location == "/"


def test_next_inside_the_site_is_followed(client, world):
    response = client.post(
        "/login?next=/o/coop-a/members/", data={"email": "admin@coop-a.test", "password": PASSWORD}
    )
    assert response.location == "/o/coop-a/members/"


def test_logout_is_post_only_and_ends_the_session(client, world):
    login_as(client, "admin")
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/o/coop-a/").status_code == 302


def test_anonymous_visitor_is_sent_to_the_member_login(client, world):
    response = client.get("/o/coop-a/members/")
    assert response.status_code == 302
    assert response.location.startswith("/o/coop-a/login?next=")


def test_unknown_organization_is_404(client, world):
    assert client.get("/o/nowhere/").status_code == 404


def test_security_headers_and_cookie_flags(app, client, world):
    response = login_as(client, "admin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/o/coop-a/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"


def test_secure_cookies_outside_development():
    from coop import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x" * 32,
            "DEVELOPMENT": False,
            "RATELIMIT_ONE_PROCESS": True,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    laptop = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32, "DEVELOPMENT": True}
    )
    assert laptop.config["SESSION_COOKIE_SECURE"] is False


def test_passwords_are_hashed_with_scrypt_by_default(app):
    from coop.auth.services import hash_secret

    with app.app_context():
        app.config["PASSWORD_HASH_METHOD"] = "scrypt"
        try:
            assert hash_secret("secret").startswith("scrypt:")
        finally:
            app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from coop import create_app
    from coop.core.config import Config

    monkeypatch.setattr(Config, "SECRET_KEY", None)
    monkeypatch.setattr(Config, "DEVELOPMENT", False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_to_count_logins_in_each_worker_alone(monkeypatch):
    from coop import create_app
    from coop.core.config import Config

    monkeypatch.setattr(Config, "DEVELOPMENT", False)
    settings = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32}
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app(settings)
    with pytest.raises(RuntimeError, match="redis://"):
        create_app({**settings, "RATELIMIT_STORAGE_URI": "memory://"})
    # Exactly one process serving coop may count in its memory, when it says so.
    assert create_app({**settings, "RATELIMIT_ONE_PROCESS": True})


def test_behind_a_proxy_the_visitor_s_address_is_counted(monkeypatch):
    from coop import create_app
    from coop.auth.throttling import client_address

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True, "PROXIES": 1})
    seen = []
    app.add_url_rule("/where", "where", lambda: seen.append(client_address()) or "")
    app.test_client().get("/where", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["203.0.113.9"]
