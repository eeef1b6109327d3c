"""Small helpers the views share: one commit per request, or a rollback and a message."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, abort, flash, g, request
from flask_babel import format_date, format_time, get_locale
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, Map

from coop.errors import DomainError
from coop.extensions import db

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def attempt(action: Callable[[], Any], success: str | None = None) -> bool:
    """Run a service call; commit and flash `success`, or roll back and flash why it failed."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    if success:
        flash(success, "success")
    return True


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
    from coop.i18n import LANGUAGE_NAMES
    from coop.labels import label

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
            "language_names": LANGUAGE_NAMES,
            "get_locale": get_locale,
        }
