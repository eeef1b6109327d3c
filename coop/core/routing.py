"""URLs and requests: ids that fit the database, page numbers, and requests refused early."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The database's integer: every id, and every whole number a page reads, fits in it.
DB_INT_MIN, DB_INT_MAX = -(2**31), 2**31 - 1

V = TypeVar("V", bound=Callable[..., Any])


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs: digits that fit the database's integer, so a huge one is a 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def bounded_int(value: Any) -> int:
    """An integer the database can hold; ValueError for any other text."""
    number = int(value)
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError("out of the database's range")
    return number


def whole_number(value: str, maximum: int = DB_INT_MAX) -> int | None:
    """`value` as a whole number from 0 to `maximum` written in ASCII digits, else None: not
    "²" (a digit to str.isdigit that int() refuses), not "٣" nor "1_000" (which int() takes)."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


class BoundedParameters(ImmutableMultiDict):
    """Query strings and forms where `.get(name, type=int)` gives only an integer the database
    can hold, and the default for any other: a 24-digit `?from=` is as absent as `?from=x`."""

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # noqa: A002
        return super().get(key, default, bounded_int if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = BoundedParameters


def page_number() -> int:
    """The `page` argument of a list, within sane bounds."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)


def accepts_files(*names: str) -> Callable[[V], V]:
    """Mark a view that takes uploaded files in these fields; any other view, or another
    field sent as a file, is a bad request."""

    def mark(view: V) -> V:
        view.accepted_files = frozenset(names)  # type: ignore[attr-defined]
        return view

    return mark


def init_app(app: Flask) -> None:
    """Bounded ids in every URL and query, and requests no page of ours can take refused
    with a 400."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = BoundedRequest
    if proxies := app.config.get("PROXIES"):
        # The visitor's address and scheme as the proxies in front report them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    @app.before_request
    def refuse_nul_bytes() -> None:
        # An address whose query is not UTF-8 cannot even be written back into a page.
        try:
            request.query_string.decode()
        except UnicodeDecodeError:
            abort(400)
        # PostgreSQL cannot store NUL in text; no form of ours ever needs it.
        values = [*request.args.values()]
        if request.method == "POST" and request.mimetype in FORM_TYPES:
            values += request.form.values()
        if any("\x00" in value for value in values):
            abort(400)

    @app.before_request
    def refuse_unexpected_files() -> None:
        # A text field sent as a file would reach the forms as a file object, not text.
        if request.method != "POST" or request.mimetype != "multipart/form-data":
            return
        view = app.view_functions.get(request.endpoint or "")
        accepted = getattr(view, "accepted_files", frozenset())
        if any(name not in accepted for name in request.files):
            abort(400)
