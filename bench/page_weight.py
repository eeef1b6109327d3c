"""Print the weight of the pages a phone loads, as sent, and the time to build the export.

Run: .venv/bin/python bench/page_weight.py
Loads the demo into a temporary SQLite database. The target for field conditions is a page
under 30 KB that needs no JavaScript. Bytes are counted as the app sends them: raw, then
compressed as a phone asks over plain HTTP (gzip) and over HTTPS (Brotli).
"""

import tempfile
import time
from pathlib import Path

from flask.testing import FlaskClient

from coop import create_app
from coop.demo import DEMO_PASSWORD, DEMO_PIN, SLUG

GZIP = "gzip, deflate"  # what Chrome asks for over plain HTTP
BROTLI = "gzip, deflate, br, zstd"  # over HTTPS, where coop answers with Brotli


def wire(client: FlaskClient, url: str, encoding: str) -> tuple[int, int, str]:
    """(status, bytes as sent, content encoding) of a GET with this Accept-Encoding."""
    response = client.get(url, headers={"Accept-Encoding": encoding})
    size = len(response.get_data())
    response.close()
    return response.status_code, size, response.headers.get("Content-Encoding", "-")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
                "SESSION_COOKIE_SECURE": False,
                "SECRET_KEY": "bench",
                "RATELIMIT_ONE_PROCESS": True,  # one process: it may count logins in memory
                "WTF_CSRF_ENABLED": False,  # the bench posts forms without reading their tokens
            }
        )
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        app.test_cli_runner().invoke(args=["demo"])

        anonymous = app.test_client()
        page = anonymous.get(f"/o/{SLUG}/login").get_data(as_text=True)
        css_url = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        css = anonymous.get(css_url, headers={"Accept-Encoding": GZIP})
        raw_css = len(anonymous.get(css_url, headers={"Accept-Encoding": "identity"}).data)
        print(f"stylesheet {css_url}")
        print(
            f"  {raw_css:,} bytes raw, {len(css.data):,} {css.headers['Content-Encoding']}, "
            f"{wire(anonymous, css_url, BROTLI)[1]:,} {wire(anonymous, css_url, BROTLI)[2]}; "
            f"Cache-Control: {css.headers['Cache-Control']}"
        )
        css.close()

        board = app.test_client()
        board.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        board.post("/login", data={"email": "admin@demo.coop", "password": DEMO_PASSWORD})
        member = app.test_client()
        member.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
        member.post(f"/o/{SLUG}/login", data={"number": "0001", "pin": DEMO_PIN})
        pages = [
            (anonymous, "member login", f"/o/{SLUG}/login"),
            (member, "member home", f"/o/{SLUG}/"),
            (member, "ballot", f"/o/{SLUG}/assemblies/2/ballot"),
            (board, "register (50 rows)", f"/o/{SLUG}/members/"),
            (board, "assembly", f"/o/{SLUG}/assemblies/1"),
            (board, "attendance (40 present)", f"/o/{SLUG}/assemblies/1/attendance"),
            (board, "minutes", f"/o/{SLUG}/assemblies/1/minutes/"),
        ]
        print(f"{'page':26} {'raw':>8} {'gzip':>7} {'brotli':>8} {'first visit':>12}")
        for client, name, url in pages:
            status, raw, _ = wire(client, url, "identity")
            _, gzipped, _ = wire(client, url, GZIP)
            _, best, algorithm = wire(client, url, BROTLI)
            print(
                f"{name:26} {raw:8,} {gzipped:7,} {best:8,} {gzipped + len(css.data):12,}"
                f"  ({status}, {algorithm})"
            )
        print("first visit: the page and the stylesheet, gzip; later pages reuse the stylesheet")

        certifier = app.test_client()
        certifier.post(
            "/login", data={"email": "certificador@demo.coop", "password": DEMO_PASSWORD}
        )
        start = time.perf_counter()
        response = certifier.get(f"/o/{SLUG}/export/record.zip")
        elapsed = time.perf_counter() - start
        print(
            f"export: {len(response.data):,} bytes in {elapsed * 1000:.0f} ms "
            f"({response.status_code})"
        )


if __name__ == "__main__":
    main()
