"""One commit per request: run a service call, commit it, or roll back and say why."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import flash
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from coop.core.db import Base
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
        session = db.session()
        session.expire_on_commit = False
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
    else:
        db.session.commit()
    message = success(value) if callable(success) else success
    if message:
        flash(message, "success")
    return Attempt(True, value)


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


def insert_new(
    model: type[Base], values: dict[str, Any], where: sa.ColumnElement[bool] | None = None
) -> int | None:
    """Insert a row unless one with the same unique key is there, or `where` does not hold:
    its id, or None. One statement (INSERT ... [SELECT ... WHERE] ON CONFLICT DO NOTHING
    RETURNING id) on SQLite and PostgreSQL, where a savepoint and checks would take several."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    if where is None:
        statement = insert(model).values(**values)
    else:
        columns = list(values)
        row = sa.select(*(sa.literal(values[c], getattr(model, c).type) for c in columns))
        statement = insert(model).from_select(columns, row.where(where))
    statement = statement.on_conflict_do_nothing()
    return db.session.scalar(statement.returning(model.id))  # type: ignore[attr-defined]
