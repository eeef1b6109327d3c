"""Filters and names every template may use: dates, enum labels, fractions in words."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import format_date, format_number, format_time, get_locale, get_translations
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup, escape

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


# Where the page's own CSRF token and address go in a kept header.
_CSRF, _NEXT = "\x00csrf\x00", "\x00next\x00"
# Headers kept per app: organizations x roles x languages x kinds of account, at most.
HEADERS_KEPT = 1024


@pass_context
def page_header(context: Any) -> Markup:
    """The page's header (templates/_header.html), drawn once for each organization, role,
    language and kind of account and kept: it is the same on every page of theirs but for
    the CSRF token and the page's address, put in here. A tenth of a page's work, and on
    the ballot's receipt, of a vote's."""
    org, access = context.get("org"), context.get("access")
    user = current_user
    signed_in = bool(user.is_authenticated)
    key = (
        (org.id, org.slug, org.name) if org is not None else None,
        getattr(access, "role", None),
        context.get("locale_code"),
        signed_in,
        bool(signed_in and user.password_hash),
        request.script_root,
    )
    kept = current_app.extensions.setdefault("coop.headers", {})
    drawn = kept.get(key)
    if drawn is None:
        template = current_app.jinja_env.get_template("_header.html")
        drawn = template.render({**context.get_all(), "csrf_value": _CSRF, "next_path": _NEXT})
        if len(kept) >= HEADERS_KEPT:
            kept.clear()
        kept[key] = drawn
    page = drawn.replace(_CSRF, escape(generate_csrf())).replace(_NEXT, escape(_address()))
    return Markup(page)  # noqa: S704 - drawn from a template with autoescape, values escaped


def _address() -> str:
    """The page's address to come back to; its path alone when the query is not UTF-8 (the
    error page that refuses such a request draws the header too)."""
    try:
        return request.full_path
    except UnicodeDecodeError:
        return request.path


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
    app.add_template_global(page_header)
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
