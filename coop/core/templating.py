"""Filters and names every template may use: dates, enum labels, fractions in words."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app, g
from flask_babel import format_date, format_number, format_time, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from coop.core.i18n import language_names
from coop.core.labels import label, rule_words, share_words


def _numbers(variables: dict[str, Any]) -> dict[str, Any]:
    """Whole numbers formatted for the reader's language ("4.420" in es); the rest as given."""
    return {
        key: format_number(value)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for key, value in variables.items()
    }


# The page's translations, found once per page by `page_globals` (Flask-Babel looks them up
# through several context proxies each time: ten times per page header alone).
TRANSLATIONS = "_translations"


def _translations(context: Any) -> Any:
    """The translations of the page being drawn; a macro imported without the page's context
    asks Flask-Babel."""
    return context.get(TRANSLATIONS) or get_translations()


@pass_context
def gettext(context: Any, text: str, **variables: Any) -> str:
    """A template's `_()`: like Jinja's new-style gettext (the variables escaped, not the
    translation), with numbers written for the reader."""
    translated = _translations(context).ugettext(text)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % _numbers(variables)


@pass_context
def ngettext(context: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
    """A template's `ngettext()`, its count and numbers written for the reader."""
    translated = _translations(context).ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % _numbers({"num": num, **variables})


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
    # Globals, not context: macros imported without context use them too.
    app.add_template_global(label)
    app.add_template_filter(rule_words)
    app.add_template_filter(share_words)
    app.add_template_filter(when)
    app.add_template_filter(datetime.fromisoformat, "fromiso")
    app.add_template_filter(names)
    app.add_template_filter(labelled)
    # Numbers in sentences written as the reader writes them (replacing Babel's own).
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {
            "org": g.get("org"),
            "access": g.get("access"),
            "label": label,
            "language_names": language_names(tuple(current_app.config["LANGUAGES"])),
            TRANSLATIONS: get_translations(),
            # The reader's language as a code ("pt_BR"), found once for the page.
            "locale_code": str(get_locale()),
        }
