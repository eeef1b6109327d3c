"""Print the weight of the pages a phone loads, and the time to build the certifier's export.

Run: .venv/bin/python bench/page_weight.py
Loads the demo into a temporary SQLite database; the target for field conditions is a page
under 30 KB (HTML plus stylesheet, uncompressed) that needs no JavaScript.
"""

import gzip
import tempfile
import time
from pathlib import Path

from coop import create_app
from coop.demo import DEMO_PASSWORD, DEMO_PIN, SLUG


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
                "SESSION_COOKIE_SECURE": False,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,  # the bench posts forms without reading their tokens
            }
        )
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        runner = app.test_cli_runner()
        runner.invoke(args=["demo"])
        css = len(app.test_client().get("/static/coop.css").data)
        print(f"stylesheet: {css:,} bytes")

        board = app.test_client()
        board.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        board.post("/login", data={"email": "admin@demo.coop", "password": DEMO_PASSWORD})
        member = app.test_client()
        member.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
        member.post(f"/o/{SLUG}/login", data={"number": "0001", "pin": DEMO_PIN})
        pages = [
            (member, "member login", f"/o/{SLUG}/login"),
            (member, "member home", f"/o/{SLUG}/"),
            (member, "ballot", f"/o/{SLUG}/assemblies/2/ballot"),
            (board, "register (50 rows)", f"/o/{SLUG}/members/"),
            (board, "assembly", f"/o/{SLUG}/assemblies/1"),
            (board, "attendance (40 present)", f"/o/{SLUG}/assemblies/1/attendance"),
            (board, "minutes", f"/o/{SLUG}/assemblies/1/minutes/"),
        ]
        print(f"{'page':28} {'html':>8} {'gzip':>8} {'html+css':>9}")
        for client, name, url in pages:
            response = client.get(url)
            body = response.data
            print(
                f"{name:28} {len(body):8,} {len(gzip.compress(body)):8,} "
                f"{len(body) + css:9,}  ({response.status_code})"
            )

        board_cert = app.test_client()
        board_cert.post(
            "/login", data={"email": "certificador@demo.coop", "password": DEMO_PASSWORD}
        )
        start = time.perf_counter()
        response = board_cert.get(f"/o/{SLUG}/export/record.zip")
        elapsed = time.perf_counter() - start
        print(
            f"export: {len(response.data):,} bytes in {elapsed * 1000:.0f} ms "
            f"({response.status_code})"
        )


if __name__ == "__main__":
    main()
