"""Filters and names every template may use: dates, enum labels, fractions in words."""

from collections.abc import Callable
from datetime import datetime

from flask import Flask, g
from flask_babel import format_date, format_time, get_locale

from coop.core.i18n import LANGUAGE_NAMES
from coop.core.labels import label, rule_words, share_words


def when(moment: datetime, date_format: str = "full") -> str:
    """A date and time as people say it: the date, then the local time without seconds."""
    return f"{format_date(moment, date_format)}, {format_time(moment, 'short')}"


def names(values: list[str], prefix: str = "") -> str:
    """Translated names of enum values, joined with commas."""
    return ", ".join(label(prefix + value) for value in values)


def labelled(rows: list[tuple[str, int]], name: Callable[[object], str]) -> list[tuple[str, int]]:
    """(value, count) rows with each value replaced by its translated name."""
    return [(name(key), count) for key, count in rows]


def init_app(app: Flask) -> None:
    """Register the filters and the globals of every page."""
    app.add_template_filter(rule_words)
    app.add_template_filter(share_words)
    app.add_template_filter(when)
    app.add_template_filter(datetime.fromisoformat, "fromiso")
    app.add_template_filter(names)
    app.add_template_filter(labelled)

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {
            "org": g.get("org"),
            "access": g.get("access"),
            "label": label,
            "language_names": LANGUAGE_NAMES,
            "get_locale": get_locale,
        }
