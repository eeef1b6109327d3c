"""Minutes pages: read, edit the free text, approve, download as PDF."""

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.models import Assembly
from coop.auth.permissions import can_run_assemblies, can_view_minutes
from coop.core.extensions import db
from coop.core.i18n import _, document_locale
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt
from coop.minutes import (
    receivers,  # noqa: F401 - the minutes' part in the assembly's steps
    services,
)
from coop.minutes.forms import MinutesForm
from coop.minutes.models import Minutes

bp = org_blueprint("minutes", __name__, "/assemblies/<int:assembly_id>/minutes")


def load_minutes(assembly_id: int) -> Minutes:
    """The minutes of this organization's assembly, if the user may read them; else 404."""
    assembly = get_or_404(Assembly, g.org, assembly_id)
    minutes = db.session.scalar(scoped(Minutes, g.org).where(Minutes.assembly_id == assembly.id))
    if minutes is None or not can_view_minutes(g.access, minutes.is_locked):
        abort(404)
    return minutes


@bp.route("/")
def show(assembly_id: int) -> str:
    minutes = load_minutes(assembly_id)
    body = services.body_html(g.org, minutes, document_locale(g.org))
    return render_template("minutes/show.html", minutes=minutes, body=body)


@bp.route("/edit", methods=["GET", "POST"])
@require(can_run_assemblies)
def edit(assembly_id: int) -> Response | str | tuple[str, int]:
    minutes = load_minutes(assembly_id)
    if not attempt(minutes.ensure_editable):
        return redirect(url_for("minutes.show", assembly_id=assembly_id))
    form = MinutesForm(obj=minutes)
    if form.validate_on_submit():
        notes = {key[5:]: value for key, value in request.form.items() if key.startswith("note-")}
        if attempt(
            lambda: services.update_text(
                g.org, minutes, form.opening.data, notes, form.closing.data, current_user.id
            ),
            _("The minutes are saved."),
        ):
            return redirect(url_for("minutes.show", assembly_id=assembly_id))
    status = 400 if form.errors else 200
    return render_template("minutes/edit.html", minutes=minutes, form=form), status


@bp.route("/approve", methods=["POST"])
@require(can_run_assemblies)
def approve(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    attempt(
        lambda: services.approve(g.org, minutes, current_user.id),
        _("The minutes are approved and locked."),
    )
    return redirect(url_for("minutes.show", assembly_id=assembly_id))


@bp.route("/minutes.pdf")
def pdf(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    content = services.pdf(g.org, minutes, document_locale(g.org))
    name = f"minutes-{minutes.number or 'draft'}-{g.org.slug}.pdf"
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
