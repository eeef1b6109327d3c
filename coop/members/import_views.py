"""Register files: import (upload, column mapping, preview, apply), export as CSV or XLSX,
and the printable sheet of member cards."""

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_manage_register, can_view_register
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.routing import accepts_files
from coop.core.tenancy.context import org_blueprint, require
from coop.core.transactions import attempt
from coop.members import exporting, imports, queries
from coop.members.cards import cards_pdf
from coop.members.columns import COLUMNS
from coop.members.exporting import Layout
from coop.members.forms import ImportForm
from coop.members.import_plan import dropped_data_columns, missing_columns
from coop.members.models import ImportBatch
from coop.members.register_labels import change_field, change_value, column_label, message

bp = org_blueprint("member_files", __name__, "/members")


@bp.route("/import", methods=["GET", "POST"])
@accepts_files("file")
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
    summary = imports.current_summary(g.org, batch)
    if summary.missing:
        return redirect(url_for("member_files.mapping", batch_id=batch.id))
    return render_template(
        "members/import_preview.html",
        batch=batch,
        preview=summary,
        message=message,
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
        if attempt(lambda: imports.set_mapping(g.org, batch, chosen)):
            return redirect(url_for("member_files.preview", batch_id=batch.id))
    return render_template(
        "members/import_mapping.html",
        batch=batch,
        columns=COLUMNS,
        missing_labels=[column_label(key) for key in missing_columns(batch.mapping)],
        dropped=dropped_data_columns(batch.headers, batch.rows, batch.mapping),
        samples=batch.rows[:3],
        column_label=column_label,
    )


@bp.route("/import/<int:batch_id>/apply", methods=["POST"])
@require(can_manage_register)
def apply(batch_id: int) -> Response:
    batch = _batch(batch_id)
    choice = imports.ApplyChoice(
        valid_only=request.form.get("valid_only") == "1",
        confirmed=frozenset(request.form.getlist("confirm")),
        confirm_all=request.form.get("confirm_all") == "1",
        reason=request.form.get("reason", "")[:500],
    )
    if attempt(
        lambda: imports.apply_import(g.org, batch, choice, current_user.id),
        lambda done: _(
            "Import done: %(created)s added, %(updated)s updated, %(skipped)s left out.",
            created=done.created,
            updated=done.updated,
            skipped=done.skipped,
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
    machine = request.args.get("layout") == Layout.MACHINE
    layout = Layout.MACHINE if machine else Layout.READER
    members, today = exporting.register_members(g.org), g.org.today()
    if fmt == "csv":
        content, mimetype = exporting.to_csv(members, layout, today), "text/csv"
    else:
        content = exporting.to_xlsx(members, layout, today)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"{g.org.slug}-register-{today:%Y-%m-%d}{'-codes' if machine else ''}.{fmt}"
    return _download(content, mimetype, name)


@bp.route("/cards.pdf")
@require(can_manage_register)
def cards() -> Response:
    members = db.session.scalars(queries.search_members(g.org, queries.filters_from(request.args)))
    return _download(cards_pdf(g.org, members), "application/pdf", f"{g.org.slug}-cards.pdf")


def _download(content: bytes, mimetype: str, name: str) -> Response:
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
