"""The read-only API under /api/v1: what a certifier sees, for their systems, with a token.

Each token belongs to one certifier's access in one organization: another organization, an
expired access or token, a revoked token get 401 or 404, and a certifier limited to some
periods sees only those, as on the pages. Every answer is logged with the certifier's pages.
"""

from typing import Any

from flask import Blueprint, abort, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from coop.api import records
from coop.api.openapi import document
from coop.certifiers.services import access_for_token, allows, grant_of
from coop.core.extensions import csrf
from coop.evidence.rules.periods import Period
from coop.evidence.services import available_periods, evidence_for, period_for
from coop.exports.report import evidence_data

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException) -> tuple[Response, int]:
    answer = jsonify({"error": error.name, "status": error.code})
    if error.code == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="coop"'
    return answer, error.code or 500


@bp.before_request
def authenticate() -> None:
    if request.endpoint == "api.openapi":
        return
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    found = access_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        abort(401)
    g.org, g.access = found
    slug = (request.view_args or {}).get("slug")
    if slug is not None and slug != g.org.slug:
        abort(404)


def _period(key: str | None) -> Period:
    period = period_for(g.org, key or "last-12-months")
    if period is None or not allows(grant_of(g.access), period.start, period.end):
        abort(404)
    return period


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(document())


@bp.route("/organizations")
def organizations() -> Response:
    return records.answer([records.organization(g.org)])


@bp.route("/organizations/<slug>")
def organization(slug: str) -> Response:
    grant = grant_of(g.access)
    periods = [p for p in available_periods(g.org) if allows(grant, p.start, p.end)]
    return records.answer(
        {**records.organization(g.org), "periods": [records.period(p) for p in periods]}
    )


@bp.route("/organizations/<slug>/members")
def members(slug: str) -> Response:
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    per_page = min(max(request.args.get("per_page", 500, type=int) or 500, 1), 1000)
    items, total = records.members(g.org, page, per_page)
    return records.answer({"items": items, "page": page, "per_page": per_page, "total": total})


@bp.route("/organizations/<slug>/assemblies")
def assemblies(slug: str) -> Response:
    period = _period(request.args.get("period"))
    return records.answer(records.assemblies(g.org, period))


def _assembly(assembly_id: int) -> Any:
    assembly = records.assembly_of(g.org, assembly_id)
    day = records.day_of(g.org, assembly)
    if not allows(grant_of(g.access), day, day):
        abort(404)
    return assembly


@bp.route("/organizations/<slug>/assemblies/<int:assembly_id>")
def assembly(slug: str, assembly_id: int) -> Response:
    return records.answer(records.assembly_detail(g.org, _assembly(assembly_id)))


@bp.route("/organizations/<slug>/assemblies/<int:assembly_id>/votes")
def votes(slug: str, assembly_id: int) -> Response:
    return records.answer(records.votes(_assembly(assembly_id)))


@bp.route("/organizations/<slug>/minutes")
def minutes(slug: str) -> Response:
    period = _period(request.args.get("period"))
    return records.answer(records.minutes(g.org, period))


@bp.route("/organizations/<slug>/evidence/<period>")
def evidence(slug: str, period: str) -> Response:
    return records.answer(evidence_data(evidence_for(g.org, _period(period))))
