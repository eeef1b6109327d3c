"""The certifier's export: the page that chooses the period, and the download."""

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_export
from coop.certifiers.services import allows, grant_of, report_locale
from coop.core.i18n import document_locale
from coop.core.tenancy.context import org_blueprint, require
from coop.core.transactions import attempt
from coop.evidence import texts
from coop.evidence.rules.periods import LAST_12_MONTHS, Period
from coop.evidence.services import available_periods, period_for
from coop.exports.services import exports_made, languages_for, make_export

bp = org_blueprint("exports", __name__, "/export")


def _periods() -> list[Period]:
    grant = grant_of(g.access)
    return [p for p in available_periods(g.org) if allows(grant, p.start, p.end)]


@bp.route("/")
@require(can_export)
def index() -> str:
    return render_template(
        "exports/index.html",
        periods=_periods(),
        chosen=request.args.get("period", LAST_12_MONTHS),
        certifier_locale=report_locale(g.org, g.access),
        org_locale=document_locale(g.org),
        made=exports_made(g.org),
        texts=texts,
    )


@bp.route("/record.zip", methods=["GET"])
@require(can_export)
def choose() -> Response:
    """An export is made by the form (it writes its anchor); a link to it leads there."""
    return redirect(url_for("exports.index"))


@bp.route("/record.zip", methods=["POST"])
@require(can_export)
def download() -> Response:
    period = period_for(g.org, request.form.get("period", ""))
    if period is None or not allows(grant_of(g.access), period.start, period.end):
        abort(404)
    # A certifier's copy is in their grant's language; an administrator picks one.
    reader = report_locale(g.org, g.access) or request.form.get("lang") or None
    if reader is not None and reader not in current_app.config["LANGUAGES"]:
        abort(400)
    languages = languages_for(g.org, reader)
    made = attempt(lambda: make_export(g.org, period, languages, current_user.id))
    if not made:
        abort(409)
    export = made.value
    g.visit_channel, g.visit_detail = "export", f"{period.key} {export.manifest_sha256}"
    return Response(
        export.content,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "X-Coop-Manifest-SHA256": export.manifest_sha256,
            "X-Coop-Chain-Head": f"{export.head.seq}:{export.head.hash}",
        },
    )
