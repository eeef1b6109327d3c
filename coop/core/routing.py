"""URLs and requests: ids that fit the database, page numbers, and requests refused early."""

from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs: digits that fit the database's integer, so a huge one is a 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def page_number() -> int:
    """The `page` argument of a list, within sane bounds."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)


def init_app(app: Flask) -> None:
    """Bounded ids in every URL, and requests no page of ours can take refused with a 400."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul_bytes() -> None:
        # PostgreSQL cannot store NUL in text; no form of ours ever needs it.
        values = [*request.args.values()]
        if request.method == "POST" and request.mimetype in FORM_TYPES:
            values += request.form.values()
        if any("\x00" in value for value in values):
            abort(400)
