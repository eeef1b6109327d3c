"""What every certifier's request goes through: kept to the periods of their grant, and
logged for the organization.

Records of a period (an assembly and all that hangs on it) are named in URLs by their id;
the layers that own them register here how to find the day such a record belongs to, so that
this layer, below them, can keep a certifier limited to some periods out of the others.
"""

from collections.abc import Callable
from datetime import date

from flask import abort, g, request
from werkzeug.wrappers import Response

from coop.certifiers.permissions import is_certifier
from coop.certifiers.services import allows, grant_of, log_visit
from coop.core.extensions import db

# URL argument -> (organization, id) -> the day of the record it names, or None.
RecordDay = Callable[[object, int], date | None]
RECORD_DAYS: dict[str, RecordDay] = {}


def register_record_day(argument: str, finder: RecordDay) -> None:
    """Tell the guard how to date the records named by `argument` in URLs."""
    RECORD_DAYS[argument] = finder


def keep_to_periods() -> None:
    """Answer 404 to a certifier limited to some periods who asks for a record of another."""
    access = g.get("access")
    if not is_certifier(access) or "org" not in g or not request.view_args:
        return
    grant = grant_of(access)
    if grant is None or (grant.period_from is None and grant.period_until is None):
        return
    for argument, finder in RECORD_DAYS.items():
        value = request.view_args.get(argument)
        if isinstance(value, int):
            day = finder(g.org, value)
            if day is not None and not allows(grant, day, day):
                abort(404)


def log_certifier(response: Response) -> Response:
    """Keep every answer a certifier was given (pages, exports, API) for the organization."""
    access = g.get("access")
    if is_certifier(access) and "org" in g and request.endpoint != "static":
        channel = g.get("visit_channel") or ("api" if request.blueprint == "api" else "page")
        org_id, user_id = g.org.id, access.user_id
        # The request's own transaction ends first: its work is committed by now or is to be
        # undone, and on SQLite a refused POST would otherwise hold the write lock the log's
        # own transaction waits for.
        db.session.rollback()
        log_visit(
            org_id,
            user_id,
            channel,
            request.method,
            request.full_path.rstrip("?"),
            response.status_code,
            g.get("visit_detail", ""),
        )
    return response
