"""Declarative base with a naming convention, and a UTC-aware datetime column type."""

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
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


def configure_sqlite(engine: sa.Engine) -> None:
    """Foreign keys on, WAL, and real transactions with savepoints on SQLite.

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
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")
