"""Writing many rows of one table at once: COPY on PostgreSQL, executemany elsewhere.

Rows are dicts with the same keys, already clean; the ORM's objects in the session are not
told (the callers expire them).
"""

import enum
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from coop.core.extensions import db

CHUNK = 1000


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None)  # stored naive, in UTC (db.py)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _enum_value(value: enum.Enum | None) -> Any:
    return None if value is None else value.value


def _converter(rows: list[dict[str, Any]], column: str) -> Callable[[Any], Any] | None:
    """How COPY must be given a column's values, judged by the first one that is set."""
    sample = next((row[column] for row in rows if row[column] is not None), None)
    if isinstance(sample, enum.Enum):
        return _enum_value
    if isinstance(sample, datetime) and sample.tzinfo is not None:
        return _naive_utc
    if isinstance(sample, dict | list):
        return _json
    return None


def _copy(table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    converters = [(column, _converter(rows, column)) for column in columns]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([convert(row[c]) if convert else row[c] for c, convert in converters])


def insert_rows(model: type, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) into the model's table, as fast as it goes."""
    if not rows:
        return
    if _postgresql():
        db.session.flush()
        _copy(model.__tablename__, rows)  # type: ignore[attr-defined]
        return
    table = model.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(rows):
        db.session.execute(sa.insert(table), chunk)


def insert_returning_ids(model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and give their ids in order; on PostgreSQL the ids are drawn first, so
    that the rows can travel by COPY."""
    if not _postgresql():
        table = model.__table__  # type: ignore[attr-defined]
        return list(
            db.session.scalars(
                sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
        )
    table = model.__tablename__  # type: ignore[attr-defined]
    ids = list(
        db.session.scalars(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table, "n": len(rows)},
        )
    )
    ids.sort()
    insert_rows(model, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return ids


def _update_by_driver(table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """executemany straight on the driver, the values bound by each column's own type: the
    statement is compiled once, not once per row."""
    connection = db.session.connection()
    columns = [c for c in rows[0] if c != "id"]
    keys = [*columns, "id"]
    processors = [(key, table.c[key].type.bind_processor(connection.dialect)) for key in keys]
    setting = ", ".join(f'"{c}" = ?' for c in columns)
    sql = f'UPDATE "{table.name}" SET {setting} WHERE id = ?'
    for chunk in _chunks(rows):
        params = [
            tuple([process(row[key]) if process else row[key] for key, process in processors])
            for row in chunk
        ]
        connection.exec_driver_sql(sql, params)


def update_rows(model: type, rows: list[dict[str, Any]]) -> None:
    """Update rows by id, each dict holding the id and the same columns to set."""
    if not rows:
        return
    if not _postgresql():
        _update_by_driver(model.__table__, rows)  # type: ignore[attr-defined]
        return
    db.session.flush()
    table = model.__tablename__  # type: ignore[attr-defined]
    staging = f"_staging_{table}"
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    setting = ", ".join(f'"{c}" = s."{c}"' for c in columns if c != "id")
    db.session.execute(sa.text(f'DROP TABLE IF EXISTS "{staging}"'))
    db.session.execute(
        sa.text(
            f'CREATE TEMPORARY TABLE "{staging}" ON COMMIT DROP AS '
            f'SELECT {names} FROM "{table}" WITH NO DATA'
        )
    )
    _copy(staging, rows)
    db.session.execute(
        sa.text(f'UPDATE "{table}" AS t SET {setting} FROM "{staging}" AS s WHERE t.id = s.id')
    )
    db.session.execute(sa.text(f'DROP TABLE "{staging}"'))
