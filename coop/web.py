"""Small helpers the views share: one commit per request, or a rollback and a message."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from flask import Flask, abort, current_app, flash, g, request
from flask_babel import format_date, format_time, get_locale
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, Map

from coop.errors import DomainError
from coop.extensions import db

T = TypeVar("T")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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
) -> Attempt[T]:
    """Run a service call and commit, flashing `success` (a text, or made from the result);
    or roll back and show why it was refused: in `errors` (a form's) or as a flash."""
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        if errors is not None:
            errors.append(error.message)
        else:
            flash(str(error.message), "error")
        return Attempt(False)
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


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs: digits that fit the database's integer, so a huge one is a 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def page_number() -> int:
    """The `page` argument of a list, within sane bounds."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)


def init_app(app: Flask) -> None:
    """URL converters, request guards, and the helpers every template uses."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul_bytes() -> None:
        # PostgreSQL cannot store NUL in text; no form of ours ever needs it.
        values = [*request.args.values()]
        if request.method == "POST" and request.mimetype in FORM_TYPES:
            values += request.form.values()
        if any("\x00" in value for value in values):
            abort(400)

    from coop.auth import permissions
    from coop.i18n import language_names
    from coop.labels import label, rule_words

    app.add_template_filter(rule_words)

    @app.template_filter("when")
    def when(moment: datetime, date_format: str = "full") -> str:
        """A date and time as people say it: the date, then the local time without seconds."""
        return f"{format_date(moment, date_format)}, {format_time(moment, 'short')}"

    @app.template_filter("fromiso")
    def fromiso(text: str) -> datetime:
        return datetime.fromisoformat(text)

    @app.template_filter("names")
    def names(values: list[str], prefix: str = "") -> str:
        """Translated names of enum values, joined with commas."""
        return ", ".join(label(prefix + value) for value in values)

    @app.template_filter("labelled")
    def labelled(
        rows: list[tuple[str, int]], name: Callable[[object], str]
    ) -> list[tuple[str, int]]:
        """(value, count) rows with each value replaced by its translated name."""
        return [(name(key), count) for key, count in rows]

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {
            "org": g.get("org"),
            "access": g.get("access"),
            "perm": permissions,
            "label": label,
            "language_names": language_names(tuple(current_app.config["LANGUAGES"])),
            "get_locale": get_locale,
        }
