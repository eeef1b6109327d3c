from coop import create_app


def _app():
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SESSION_COOKIE_SECURE": False,
            "SECRET_KEY": "k" * 32,
            "RATELIMIT_ONE_PROCESS": True,
        }
    )

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    @app.route("/race")
    def race():
        from sqlalchemy.exc import IntegrityError

        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    return app


def test_unexpected_error_shows_a_friendly_page_without_a_traceback():
    client = _app().test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret detail" not in page and "Traceback" not in page


def test_too_large_a_request_is_refused_politely():
    app = _app()
    app.config["MAX_CONTENT_LENGTH"] = 10
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/login", data={"email": "x" * 100})
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_unknown_page_is_404_with_the_site_around_it(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_a_conflict_between_two_requests_is_explained():
    client = _app().test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get("/race")
    assert response.status_code == 409
    assert "Someone else changed this at the same time" in response.get_data(as_text=True)


def test_production_sends_strict_transport_security():
    app = _app()
    app.config["DEVELOPMENT"] = False
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
