"""One commit per request: run a service call, commit it, or roll back and say why."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import flash, request
from flask_wtf import FlaskForm
from sqlalchemy.dialects.postgresql import dml as postgresql_dml
from sqlalchemy.dialects.sqlite import dml as sqlite_dml
from sqlalchemy.exc import IntegrityError

from coop.core.db import WRITING, Base
from coop.core.errors import DomainError
from coop.core.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What a service call gave: true when it went through, with the value it returned."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    action: Callable[[], T],
    success: str | Callable[[T], str] | None = None,
    errors: list[Any] | None = None,
    keep_loaded: bool = False,
) -> Attempt[T]:
    """Run a service call and commit, flashing `success` (a text, or made from the result);
    or roll back and show why it was refused: in `errors` (a form's) or as a flash. With
    `keep_loaded`, the objects at hand stay loaded through the commit, for an answer drawn
    from them without a single query more (the ballot's receipt)."""
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        if errors is not None:
            errors.append(error.message)
        else:
            flash(str(error.message), "error")
        return Attempt(False)
    if keep_loaded:
        _commit_keeping_loaded()
    else:
        db.session.commit()
    message = success(value) if callable(success) else success
    if message:
        flash(message, "success")
    return Attempt(True, value)


def _commit_keeping_loaded() -> None:
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def start_writing() -> None:
    """In a view marked `reads_first` (`coop.core.db`), after its reads and checks and before
    its first write. On SQLite, the reading transaction ends (what it loaded stays loaded)
    and the next one takes the write lock: the writes must check again, in the statements
    that write, whatever may have changed since (a vote closed). On PostgreSQL nothing
    changes: one transaction keeps the row locks its reads took."""
    if db.session.get_bind().dialect.name != "sqlite":
        return
    request.environ[WRITING] = True
    _commit_keeping_loaded()


def submit(
    form: FlaskForm,
    action: Callable[[], T],
    success: str | Callable[[T], str] | None = None,
) -> Attempt[T]:
    """For a form posted from a page that does not show it: validate, then attempt; the
    form's own errors are flashed."""
    if form.validate_on_submit():
        return attempt(action, success)
    flash_form_errors(form)
    return Attempt(False)


def flash_form_errors(form: FlaskForm) -> None:
    """Show the field errors of a form posted from a page that does not render it."""
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")


def add_unique(row: Base, refusal: str) -> None:
    """Insert `row` in a savepoint; if the database finds it already there, refuse with
    `refusal` and leave the rest of the transaction as it was."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise DomainError(refusal) from None


def insert_ignoring(
    dialect: str,
    model: type[Base],
    columns: tuple[str, ...],
    where: sa.ColumnElement[bool] | None = None,
) -> sa.Executable:
    """INSERT INTO the model's table [SELECT ... WHERE `where`] ON CONFLICT DO NOTHING
    RETURNING id, on the `dialect` ("sqlite" or "postgresql"), the row's `columns` given as
    bind parameters of the same names. Build it once, keep it, and run it with `insert_new`:
    on a path taken hundreds of times a minute, building the statement costs more than
    running it."""
    # The table's, not the model's: an ORM INSERT run with values is a bulk insert of them.
    table = model.__table__
    insert = _INSERT_IGNORING[dialect]
    row = {c: sa.bindparam(c, type_=table.c[c].type) for c in columns}
    if where is None:
        statement = insert(table).values(row)
    else:
        statement = insert(table).from_select(list(columns), sa.select(*row.values()).where(where))
    return statement.on_conflict_do_nothing().returning(table.c.id)


def insert_new(statement: sa.Executable, values: dict[str, Any]) -> int | None:
    """Run an `insert_ignoring` statement: the new row's id, or None when a row with the same
    unique key is there or the condition does not hold. One statement on SQLite and
    PostgreSQL, where a savepoint and checks would take several."""
    return db.session.connection().scalar(statement, values)


# The dialects' INSERT ... ON CONFLICT is not cached by SQLAlchemy (2.0): each one would be
# compiled anew, a millisecond and more on the ballot's path, where hundreds go in a minute.
# A bare DO NOTHING (no target, no WHERE) has nothing to tell two statements apart beyond
# its kind, so these subclasses declare it, and the statement is compiled once.
class _SQLiteDoNothing(sqlite_dml.OnConflictDoNothing):
    _traverse_internals = ()


class _PostgreSQLDoNothing(postgresql_dml.OnConflictDoNothing):
    _traverse_internals = ()


class _DoNothingOnce:
    """`on_conflict_do_nothing` with the cacheable DO NOTHING of the class's dialect."""

    _do_nothing: type

    def on_conflict_do_nothing(self) -> Any:
        statement = self._generate()  # type: ignore[attr-defined]
        statement._post_values_clause = self._do_nothing()
        return statement


class _SQLiteInsertIgnoring(_DoNothingOnce, sqlite_dml.Insert):
    inherit_cache = True
    _do_nothing = _SQLiteDoNothing


class _PostgreSQLInsertIgnoring(_DoNothingOnce, postgresql_dml.Insert):
    inherit_cache = True
    _do_nothing = _PostgreSQLDoNothing


_INSERT_IGNORING: dict[str, type[sqlite_dml.Insert] | type[postgresql_dml.Insert]] = {
    "sqlite": _SQLiteInsertIgnoring,
    "postgresql": _PostgreSQLInsertIgnoring,
}
