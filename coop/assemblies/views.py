"""Assembly pages: list, create, agenda, convening, the notice, cancelling."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies import services, signals
from coop.assemblies.delegates import delegate_allocation
from coop.assemblies.delegates import delegates as delegate_list
from coop.assemblies.forms import (
    AgendaItemForm,
    AssemblyForm,
    CancelForm,
    ConveneForm,
)
from coop.assemblies.models import AgendaItem, Assembly, AssemblyStatus
from coop.assemblies.roll import quorum_panel
from coop.auth.permissions import can_run_assemblies, can_view_assemblies
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt, submit
from coop.statutes.rules import NoticeVerdict

bp = org_blueprint("assemblies", __name__, "/assemblies")


@bp.route("/")
@require(can_view_assemblies)
def index() -> str:
    assemblies = db.session.scalars(scoped(Assembly, g.org).order_by(Assembly.starts_at.desc()))
    return render_template("assemblies/index.html", assemblies=assemblies)


@bp.route("/new", methods=["GET", "POST"])
@require(can_run_assemblies)
def new() -> Response | str | tuple[str, int]:
    form = AssemblyForm()
    if form.validate_on_submit():
        local = datetime.combine(form.date.data, form.time.data, ZoneInfo(g.org.timezone))
        created = attempt(
            lambda: services.create_assembly(
                g.org, form.kind.data, form.title.data, local, form.place.data, current_user.id
            ),
            errors=form.form_errors,
        )
        if created:
            return redirect(url_for("assemblies.show", assembly_id=created.value.id))
    status = 400 if form.is_submitted() else 200
    return render_template("assemblies/new.html", form=form), status


@bp.route("/<int:assembly_id>")
@require(can_view_assemblies)
def show(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return render_template(
        "assemblies/show.html",
        assembly=assembly,
        quorum=quorum_panel(g.org, assembly),
        parts=signals.page_parts(g.org, assembly=assembly, access=g.access),
        statuses=AssemblyStatus,
        verdicts=NoticeVerdict,
        rules=services.rules_for(g.org, assembly),
        item_form=AgendaItemForm(),
        convene_form=ConveneForm(notice_given_on=g.org.today()),
        cancel_form=CancelForm(formdata=None),
        delegates=delegate_allocation(g.org, assembly),
        delegate_list=delegate_list(assembly),
    )


@bp.route("/<int:assembly_id>/items", methods=["POST"])
@require(can_run_assemblies)
def add_item(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = AgendaItemForm()
    submit(
        form,
        lambda: services.add_item(
            g.org,
            assembly,
            form.title.data,
            form.kind.data,
            current_user.id,
            form.decision_kind.data,
        ),
    )
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/items/<int:item_id>/move", methods=["POST"])
@require(can_run_assemblies)
def move_item(assembly_id: int, item_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    item = get_or_404(AgendaItem, g.org, item_id, assembly_id=assembly.id)
    step = -1 if request.form.get("direction") == "up" else 1
    attempt(lambda: services.move_item(g.org, assembly, item, step))
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/convene", methods=["POST"])
@require(can_run_assemblies)
def convene(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = ConveneForm()
    submit(
        form,
        lambda: services.convene(
            g.org,
            assembly,
            form.notice_given_on.data,
            form.channels.data or [],
            form.notes.data or "",
            current_user.id,
        ),
        _("The assembly is convened."),
    )
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/cancel", methods=["POST"])
@require(can_run_assemblies)
def cancel(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = CancelForm()
    submit(
        form,
        lambda: services.cancel(g.org, assembly, form.reason.data, current_user.id),
        _("The assembly is cancelled."),
    )
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/notice")
@require(can_view_assemblies)
def notice(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return render_template("assemblies/notice.html", assembly=assembly, body=_notice_body(assembly))


@bp.route("/<int:assembly_id>/notice.pdf")
@require(can_view_assemblies)
def notice_pdf(assembly_id: int) -> Response:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    assembly = get_or_404(Assembly, g.org, assembly_id)
    document = render_template("assemblies/notice_pdf.html", body=_notice_body(assembly))
    response = make_response(HTML(string=document).write_pdf())
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="notice-{g.org.slug}-{assembly.id}.pdf"'
    )
    return response


def _notice_body(assembly: Assembly) -> str:
    """The notice in the organization's language, drafted from the record."""
    from flask_babel import force_locale

    statute = services.statute_for(g.org, assembly)
    with force_locale(g.org.default_locale):
        return render_template(
            "assemblies/_notice_body.html", assembly=assembly, rules=statute.rules, org=g.org
        )
