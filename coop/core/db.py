"""Declarative base with a naming convention, and a UTC-aware datetime column type."""

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy.orm import DeclarativeBase, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """Stores aware datetimes as naive UTC and returns them aware, on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; coop stores only aware UTC datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC (called per row, never once at import)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def enum_type(enum_class: type[enum.Enum]) -> sa.Enum:
    """An enum stored by its values ("active", not "ACTIVE") in a plain string column, with
    a CHECK constraint so that the database refuses any other value."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        name=enum_class.__name__.lower(),
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


def reference(target: str, *, ondelete: str = "RESTRICT", **kwargs: Any) -> Any:
    """A foreign-key column. Governance records are never deleted from under the rows that
    name them, so the database restricts deletes unless a row is only a part of its parent
    (`ondelete="CASCADE"`)."""
    return mapped_column(sa.ForeignKey(target, ondelete=ondelete), **kwargs)


def tenant_key(index: bool = True) -> Any:
    """The organization a row belongs to; every scoped query filters on it. No index of its
    own where a unique constraint already starts with it."""
    return reference("organization.id", index=index)


def not_negative(*columns: str) -> sa.CheckConstraint:
    """A CHECK that these count or measure columns never go below zero."""
    condition = " AND ".join(f"({column} IS NULL OR {column} >= 0)" for column in columns)
    return sa.CheckConstraint(condition, name="not_negative")


# How long a transaction waits for SQLite's write lock before it gives up: long enough for a
# hall of members voting at once to queue, each vote taking a few milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Requests that only read: a page, or the check of a form that changes nothing.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Set in a request's environ once its writing transaction has ended.
_WROTE = "coop.sqlite.write_transaction_ended"
# Set in a request's environ when a `reads_first` view is done reading (`start_writing`).
WRITING = "coop.sqlite.writing"
# Set on a connection while its transaction holds the write lock.
_LOCKED = "coop.sqlite.locked"


def reads_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a POST view that never writes (a login checks a PIN and only reads): on SQLite,
    it does not queue for the write lock while it takes its time."""
    view.reads_only = True  # type: ignore[attr-defined]
    return view


def reads_first(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a POST view that reads what it needs, then writes in a transaction of its own
    once it calls `coop.core.transactions.start_writing` (a ballot): on SQLite, it holds the
    write lock only while it writes, not while it reads and checks."""
    view.reads_first = True  # type: ignore[attr-defined]
    return view


def _takes_write_lock() -> bool:
    """Whether the transaction about to begin takes SQLite's write lock up front.

    A transaction that reads and then writes cannot wait for the lock: if another one has
    written since it read, SQLite refuses at once ("database is locked"), as it would have
    read stale data. So a transaction that may write takes the lock when it begins (BEGIN
    IMMEDIATE), and writers queue behind each other for up to the busy timeout. Pages (GET)
    never write, so they read side by side and are never held up by writers (WAL); nor do
    the POST views marked `reads_only`, nor those marked `reads_first` until they start
    writing. A request that changes something does it in one
    transaction, committed or rolled back in the view; what follows (building the redirect)
    only reads. Code outside a request (the CLI, the demo, services in scripts) may write at
    any point, so it always locks first.
    """
    if not has_request_context():
        return True
    if request.method in READING_METHODS or _WROTE in request.environ:
        return False
    if WRITING in request.environ:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return not (getattr(view, "reads_only", False) or getattr(view, "reads_first", False))


def configure_sqlite(engine: sa.Engine) -> None:
    """Foreign keys on, WAL, a busy timeout, and real transactions with savepoints on SQLite,
    taking the write lock up front when they may write (see `_takes_write_lock`).

    The sqlite3 driver begins transactions on its own and only before data changes, which
    makes a SAVEPOINT commit work early; SQLAlchemy's documented remedy is to turn that off
    and emit BEGIN ourselves.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        # Straight to the driver, as psycopg sends its BEGIN on PostgreSQL: statements
        # counted by a listener are then the same on both databases.
        writes = _takes_write_lock()
        connection.info[_LOCKED] = writes
        connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if writes else "BEGIN")

    @sa.event.listens_for(engine, "commit")
    @sa.event.listens_for(engine, "rollback")
    def on_end(connection: sa.Connection) -> None:
        # A reading transaction ended: the request may still write (`reads_first`, or a
        # login's check before it writes the session).
        if connection.info.pop(_LOCKED, True) and has_request_context():
            request.environ[_WROTE] = True
