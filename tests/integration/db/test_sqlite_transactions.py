"""SQLite transactions: those that may write take the write lock when they begin, pages don't.

These run on an SQLite file of their own, whatever database the suite is on: the locking is
SQLite's (PostgreSQL locks rows).
"""

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, jsonify
from flask.testing import FlaskClient

from coop import create_app
from coop.core.db import SQLITE_BUSY_TIMEOUT_MS, reads_first, reads_only
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.transactions import add_unique, start_writing


def _others_can_write(path: Path) -> bool:
    """Whether another connection could take the write lock right now, without waiting."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "database is locked" in str(error)
        return False
    finally:
        other.close()


def _org(slug: str) -> Organization:
    return Organization(
        slug=slug, name=slug, country="MX", timezone="America/Mexico_City", default_locale="es"
    )


@pytest.fixture
def lock_app(tmp_path: Path) -> Iterator[tuple[Flask, Path]]:
    path = tmp_path / "locks.db"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "test", "TESTING": True}
    )
    app.config["WTF_CSRF_ENABLED"] = False

    def probe() -> object:
        """Read, report whether others can write; commit, read again, report again."""
        db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
        during = _others_can_write(path)
        db.session.commit()
        db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
        return jsonify(during=during, after_commit=_others_can_write(path))

    app.add_url_rule("/probe", "probe", probe, methods=["GET", "POST"])
    # A view of its own: the mark is set on the function.
    app.add_url_rule("/reading", "reading", reads_only(lambda: probe()), methods=["POST"])

    def read_then_write() -> object:
        """Read and report; start writing, read, write and report; commit, read, report."""
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "here"))
        reading = _others_can_write(path)
        start_writing()
        slug = org.slug  # still loaded: no query, no transaction
        others_while_unused = _others_can_write(path)
        db.session.add(_org(f"{slug}-too"))
        db.session.flush()
        writing = _others_can_write(path)
        db.session.commit()
        db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
        return jsonify(
            reading=reading,
            between=others_while_unused,
            writing=writing,
            after_commit=_others_can_write(path),
        )

    app.add_url_rule("/read-first", "read_first", reads_first(read_then_write), methods=["POST"])
    with app.app_context():
        db.create_all()
    yield app, path
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def lock_client(lock_app: tuple[Flask, Path]) -> FlaskClient:
    return lock_app[0].test_client()


def test_a_post_holds_the_write_lock_from_its_first_read_until_it_commits(lock_client):
    assert lock_client.post("/probe").json == {"during": False, "after_commit": True}


def test_a_page_reads_without_the_write_lock(lock_client):
    assert lock_client.get("/probe").json == {"during": True, "after_commit": True}


def test_a_post_marked_as_reading_only_does_not_take_the_write_lock(lock_client):
    assert lock_client.post("/reading").json == {"during": True, "after_commit": True}


def test_a_post_that_reads_first_holds_the_write_lock_only_while_it_writes(lock_app):
    app, _path = lock_app
    with app.app_context():
        db.session.add(_org("here"))
        db.session.commit()
    answer = app.test_client().post("/read-first").json
    assert answer == {"reading": True, "between": True, "writing": False, "after_commit": True}
    with app.app_context():
        assert "here-too" in set(db.session.scalars(sa.select(Organization.slug)))


def test_code_outside_a_request_takes_the_write_lock(lock_app):
    app, path = lock_app
    with app.app_context():
        db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
        assert not _others_can_write(path)
        db.session.rollback()
        assert _others_can_write(path)


def test_connections_wait_for_the_lock_for_the_busy_timeout(lock_app):
    app, _path = lock_app
    with app.app_context():
        assert db.session.scalar(sa.text("PRAGMA busy_timeout")) == SQLITE_BUSY_TIMEOUT_MS
        assert SQLITE_BUSY_TIMEOUT_MS >= 30_000


def test_a_writer_that_read_first_is_not_refused_when_another_writes_meanwhile(lock_app):
    """The assembly-day failure: one reads, another writes and commits, the first writes."""
    app, _path = lock_app
    first_read, second_done = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def write(slug: str, before: threading.Event | None, after: threading.Event | None) -> None:
        try:
            with app.app_context():
                if before is not None:
                    before.wait(timeout=10)
                db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
                if after is first_read:
                    first_read.set()
                    # Give the second writer its chance to write in between (it must wait).
                    second_done.wait(timeout=1)
                db.session.add(_org(slug))
                db.session.commit()
                if after is second_done:
                    second_done.set()
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=("first", None, first_read)),
        threading.Thread(target=write, args=("second", first_read, second_done)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with app.app_context():
        assert set(db.session.scalars(sa.select(Organization.slug))) == {"first", "second"}


def test_a_refused_duplicate_rolls_back_only_its_savepoint(lock_app):
    app, _path = lock_app
    with app.app_context():
        add_unique(_org("kept"), "taken")
        with pytest.raises(DomainError):
            add_unique(_org("kept"), "taken")
        add_unique(_org("also-kept"), "taken")
        db.session.commit()
        assert set(db.session.scalars(sa.select(Organization.slug))) == {"kept", "also-kept"}
