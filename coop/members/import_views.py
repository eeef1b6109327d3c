"""Register import and export pages: upload, column mapping, preview, apply; CSV and XLSX."""

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_manage_register, can_view_register
from coop.extensions import db
from coop.i18n import _
from coop.members import exporting, imports
from coop.members.columns import COLUMNS
from coop.members.forms import ImportForm
from coop.members.models import ImportBatch
from coop.members.register_labels import change_field, change_value, column_label, message
from coop.orgs.context import org_blueprint, require
from coop.web import attempt

bp = org_blueprint("member_files", __name__, "/members")

SHOWN = 200  # problems and changes listed on the preview page; the counts cover all


@bp.route("/import", methods=["GET", "POST"])
@require(can_manage_register)
def upload() -> Response | str | tuple[str, int]:
    # A request over MAX_CONTENT_LENGTH never gets here: it gets the 413 page.
    form = ImportForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        started = attempt(
            lambda: imports.start_import(
                g.org, current_user.id, upload_file.filename or "", upload_file.read()
            ),
            errors=form.file.errors,
        )
        if started:
            return redirect(url_for("member_files.preview", batch_id=started.value.id))
    return render_template("members/import.html", form=form), 400 if form.errors else 200


def _batch(batch_id: int) -> ImportBatch:
    batch = imports.pending_batch(g.org, batch_id, current_user.id)
    if batch is None:
        abort(404)
    return batch


@bp.route("/import/<int:batch_id>", methods=["GET"])
@require(can_manage_register)
def preview(batch_id: int) -> Response | str:
    batch = _batch(batch_id)
    result = imports.build_preview(g.org, batch)
    if result.missing:
        return redirect(url_for("member_files.mapping", batch_id=batch.id))
    changed = [p for p in result.planned if p.kind != "unchanged" and not p.plan.problems]
    return render_template(
        "members/import_preview.html",
        batch=batch,
        preview=result,
        problems=result.problems[:SHOWN],
        changed=changed[:SHOWN],
        message=message,
        column_label=column_label,
        change_field=change_field,
        change_value=change_value,
    )


@bp.route("/import/<int:batch_id>/mapping", methods=["GET", "POST"])
@require(can_manage_register)
def mapping(batch_id: int) -> Response | str:
    batch = _batch(batch_id)
    if request.method == "POST":
        keys = {c.key for c in COLUMNS}
        chosen = [request.form.get(f"map-{i}") or None for i in range(len(batch.headers))]
        chosen = [key if key in keys else None for key in chosen]
        if attempt(lambda: imports.set_mapping(batch, chosen)):
            return redirect(url_for("member_files.preview", batch_id=batch.id))
    missing = imports.missing_columns(batch.mapping)
    samples = batch.rows[:3]
    return render_template(
        "members/import_mapping.html",
        batch=batch,
        columns=COLUMNS,
        missing=missing,
        samples=samples,
        column_label=column_label,
    )


@bp.route("/import/<int:batch_id>/apply", methods=["POST"])
@require(can_manage_register)
def apply(batch_id: int) -> Response:
    batch = _batch(batch_id)
    valid_only = request.form.get("valid_only") == "1"
    if attempt(
        lambda: imports.apply_import(g.org, batch, valid_only, current_user.id),
        lambda counts: _(
            "Import done: %(created)s added, %(updated)s updated, %(skipped)s left out.", **counts
        ),
    ):
        return redirect(url_for("members.index"))
    return redirect(url_for("member_files.preview", batch_id=batch_id))


@bp.route("/import/<int:batch_id>/cancel", methods=["POST"])
@require(can_manage_register)
def cancel(batch_id: int) -> Response:
    db.session.delete(_batch(batch_id))
    db.session.commit()
    return redirect(url_for("members.index"))


@bp.route("/register.<any(csv, xlsx):fmt>")
@require(can_view_register)
def export(fmt: str) -> Response:
    members = exporting.register_members(g.org)
    if fmt == "csv":
        content, mimetype = exporting.to_csv(members), "text/csv"
    else:
        content = exporting.to_xlsx(members)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"{g.org.slug}-register-{g.org.today():%Y-%m-%d}.{fmt}"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
