"""Translation helpers and the choice of the reader's language."""

from contextlib import AbstractContextManager
from functools import cache

import flask_babel
from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from coop.core.config import SOURCE_LANGUAGE

__all__ = [
    "_",
    "_l",
    "ngettext",
    "select_locale",
    "select_timezone",
    "language_names",
    "document_locale",
]


@cache
def language_names(codes: tuple[str, ...]) -> dict[str, str]:
    """Each language named in itself, as the switcher shows it: Español, Français..."""
    names = {}
    for code in codes:
        name = Locale.parse(code).get_display_name(code) or code
        names[code] = name[:1].upper() + name[1:]
    return names


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Flask-Babel's ngettext, with the count written as the reader writes numbers: "4.390
    socios", never "4390 socios" beside "4.420". Templates use it too."""
    variables.setdefault("num", format_number(num))
    return flask_babel.get_translations().ungettext(singular, plural, num) % variables


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


def document_locale(org: object) -> str:
    """The language of the organization's documents (notice, minutes, exports), which is
    not the reader's: a Portuguese-speaking certifier reads Spanish minutes."""
    locale = getattr(org, "default_locale", None)
    return locale if locale in current_app.config["LANGUAGES"] else SOURCE_LANGUAGE


def force_org_locale(org: object) -> AbstractContextManager[None]:
    """Write text that goes into the organization's record in its own language."""
    return force_locale(document_locale(org))
