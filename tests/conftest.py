"""Fixtures: one app per test session on SQLite or on PostgreSQL (COOP_TEST_DATABASE_URL).

The schema is built by the Alembic migrations, as in production; each test starts from
empty tables.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import email_validator
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2 import StrictUndefined

from coop import create_app
from coop.audit import protection
from coop.core.extensions import db, limiter

from . import factories

# Test addresses use the reserved .test domain, which email-validator refuses outside tests.
email_validator.TEST_ENVIRONMENT = True


def _database_url(tmp_dir: Path) -> str:
    return os.environ.get("COOP_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


def _reset_schema(url: str) -> None:
    """Drop what an earlier run left in a PostgreSQL test database."""
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test",
    "WTF_CSRF_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    # Hashing is tested once with scrypt; elsewhere a cheap method keeps the suite fast.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = _database_url(tmp_path_factory.mktemp("db"))
    _reset_schema(url)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    # A template that names a variable its view never passes fails the test that renders it.
    app.jinja_env.undefined = StrictUndefined
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn, protection.suspended(conn):
            for table in reversed(db.metadata.sorted_tables):
                # Rows that name an earlier row of their own table (a correction, a run-off)
                # let go first: the database refuses each delete that would leave one behind.
                own = [k.parent.name for k in table.foreign_keys if k.column.table is table]
                if own:
                    conn.execute(table.update().values(dict.fromkeys(own)))
                conn.execute(table.delete())
        limiter.reset()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An app context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser that asks for English pages, unless a test asks otherwise."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def world(app: Flask) -> factories.World:
    """Two organizations with every role, a few members and one convened assembly."""
    with app.app_context():
        built = factories.build_world()
        db.session.commit()
        return built
