"""Minutes pages: read, edit the free text and who signs, approve, sign, add an addendum,
download as PDF."""

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.models import Assembly
from coop.auth.permissions import can_run_assemblies, can_view_minutes
from coop.core.extensions import db
from coop.core.i18n import _, document_locale
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt, submit
from coop.minutes import (
    receivers,  # noqa: F401 - the minutes' part in the assembly's steps
    services,
    signing,
    wording,
)
from coop.minutes.forms import AddendumForm, MinutesForm
from coop.minutes.integrity import integrity
from coop.minutes.models import Minutes
from coop.minutes.rules import sha256_text, signing_slots
from coop.minutes.settings import settings_of

bp = org_blueprint("minutes", __name__, "/assemblies/<int:assembly_id>/minutes")


def load_minutes(assembly_id: int) -> Minutes:
    """The minutes of this organization's assembly, if the user may read them; else 404."""
    assembly = get_or_404(Assembly, g.org, assembly_id)
    minutes = db.session.scalar(scoped(Minutes, g.org).where(Minutes.assembly_id == assembly.id))
    if minutes is None or not can_view_minutes(g.access, minutes.is_frozen):
        abort(404)
    return minutes


def _prefixed(prefix: str) -> dict[str, str]:
    """The posted fields named `prefix<key>`, by key (a note per item, a signer per slot)."""
    return {k[len(prefix) :]: v for k, v in request.form.items() if k.startswith(prefix)}


def _back(assembly_id: int) -> Response:
    return redirect(url_for("minutes.show", assembly_id=assembly_id))


@bp.route("/")
def show(assembly_id: int) -> str:
    minutes = load_minutes(assembly_id)
    body = services.body_html(g.org, minutes, document_locale(g.org))
    seen = {0: sha256_text(body), **{a.number: sha256_text(a.html) for a in minutes.addenda}}
    return render_template(
        "minutes/show.html",
        minutes=minutes,
        body=body,
        seals=integrity(minutes),
        seen=seen,
        words=wording,
        approval_refused=services.approval_refused_at_close(minutes),
        addendum_form=AddendumForm(formdata=None),
    )


@bp.route("/edit", methods=["GET", "POST"])
@require(can_run_assemblies)
def edit(assembly_id: int) -> Response | str | tuple[str, int]:
    minutes = load_minutes(assembly_id)
    if not attempt(minutes.ensure_editable):
        return _back(assembly_id)
    form, errors = MinutesForm(obj=minutes), []
    notes, signers = _prefixed("note-"), _prefixed("signer-")
    if form.validate_on_submit() and attempt(
        lambda: services.save_draft(
            g.org, minutes, form.opening.data, notes, form.closing.data, signers, current_user.id
        ),
        _("The minutes are saved."),
        errors=errors,
    ):
        return _back(assembly_id)
    settings = settings_of(g.org)
    # A refused form comes back as it was typed.
    numbers = {s.slot: s.member.number for s in minutes.signers} | signers
    status = 400 if form.errors or errors else 200
    return render_template(
        "minutes/edit.html",
        minutes=minutes,
        notes=minutes.notes | notes,
        form=form,
        errors=errors,
        settings=settings,
        slots=signing_slots(settings.member_signers),
        numbers=numbers,
    ), status


@bp.route("/approve", methods=["POST"])
@require(can_run_assemblies)
def approve(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    by = get_or_404(Assembly, g.org, request.form.get("by", assembly_id, type=int) or 0)
    attempt(
        lambda: services.approve(g.org, minutes, current_user.id, by),
        _("The minutes are approved: their text is frozen and numbered, ready to sign."),
    )
    if by.id != assembly_id:
        return redirect(url_for("assemblies.show", assembly_id=by.id))
    return _back(assembly_id)


@bp.route("/sign", methods=["POST"])
def sign(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    attempt(
        lambda: signing.sign(
            g.org,
            minutes,
            request.form.get("slot", "")[:20],
            request.form.get("addendum", 0, type=int) or 0,
            request.form.get("sha256", "")[:64],
            current_user.id,
            g.access.member_id,
        ),
        _("Your signature is recorded."),
    )
    return _back(assembly_id)


@bp.route("/addenda", methods=["POST"])
@require(can_run_assemblies)
def add_addendum(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    form = AddendumForm()
    submit(
        form,
        lambda: signing.add_addendum(g.org, minutes, form.text.data, current_user.id),
        _("The addendum is added; the president and the secretary sign it."),
    )
    return _back(assembly_id)


@bp.route("/minutes.pdf")
def pdf(assembly_id: int) -> Response:
    minutes = load_minutes(assembly_id)
    seals = integrity(minutes)
    if seals is not None and not seals.intact:
        # Nobody takes away an altered record without the warning printed on it.
        content = services.render_pdf(g.org, minutes, document_locale(g.org), warning=True)
    else:
        content = services.pdf(g.org, minutes, document_locale(g.org))
    name = f"minutes-{minutes.number or 'draft'}-{g.org.slug}.pdf"
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
