"""Translation helpers and the choice of the reader's language."""

from contextlib import AbstractContextManager

import flask_babel
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

__all__ = ["_", "_l", "ngettext", "select_locale", "select_timezone", "LANGUAGE_NAMES"]


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Flask-Babel's ngettext, with the count written as the reader writes numbers: "4.390
    socios", never "4390 socios" beside "4.420". Templates use it too."""
    variables.setdefault("num", format_number(num))
    return flask_babel.get_translations().ungettext(singular, plural, num) % variables


# Each language named in itself, as the switcher shows it.
LANGUAGE_NAMES = {"es": "Español", "pt_BR": "Português", "en": "English"}


def select_locale() -> str:
    """The user's setting, then the switcher's choice, then the browser, then the organization."""
    languages = current_app.config["LANGUAGES"]
    org = g.get("org")
    if not has_request_context():
        return org.default_locale if org is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if request.accept_languages:
        # Babel-style names ("pt_BR") and HTTP-style ("pt-BR") both occur.
        best = request.accept_languages.best_match([lang.replace("_", "-") for lang in languages])
        if best:
            return best.replace("-", "_")
        # "pt" alone is common on Brazilian phones: take the nearest regional variant.
        for value, _quality in request.accept_languages:
            prefix = value.split("-")[0].lower()
            for lang in languages:
                if lang.split("_")[0] == prefix:
                    return lang
    if org is not None and org.default_locale in languages:
        return org.default_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Times are shown in the organization's time zone when a page belongs to one."""
    org = g.get("org")
    return org.timezone if org is not None else "UTC"


def force_org_locale(org: object) -> AbstractContextManager[None]:
    """Write text that goes into the organization's record in its own language."""
    return force_locale(getattr(org, "default_locale", "en"))
