"""A fresh, migrated database for a bench run: a temporary SQLite file, or a wiped PostgreSQL."""

import argparse
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from coop import create_app
from coop.core.extensions import db


def arguments(members: int) -> argparse.Namespace:
    """--members N and --database URL (default: a temporary SQLite file)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=members)
    parser.add_argument("--database", default=None)
    return parser.parse_args()


@contextmanager
def fresh_app(database: str | None) -> Iterator[tuple[Flask, str]]:
    """The app on an empty database built by the migrations, and the database's URL."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ONE_PROCESS": True}
        )
        with app.app_context():
            if url.startswith("postgresql"):
                with db.engine.begin() as conn:
                    conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
        yield app, url
