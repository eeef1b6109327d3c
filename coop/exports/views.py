"""The certifier's download."""

from flask import g, render_template
from werkzeug.wrappers import Response

from coop.auth.permissions import can_export
from coop.core.i18n import document_locale
from coop.core.tenancy.context import org_blueprint, require
from coop.exports.services import build_export

bp = org_blueprint("exports", __name__, "/export")


@bp.route("/")
@require(can_export)
def index() -> str:
    return render_template("exports/index.html")


@bp.route("/record.zip")
@require(can_export)
def download() -> Response:
    content = build_export(g.org, document_locale(g.org))
    name = f"{g.org.slug}-{g.org.today():%Y-%m-%d}-record.zip"
    return Response(
        content,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
