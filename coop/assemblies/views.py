"""Assembly pages: list, create, agenda, convening, attendance and closing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies import services
from coop.assemblies.forms import AgendaItemForm, AssemblyForm, CheckInForm, ConveneForm
from coop.assemblies.models import Assembly
from coop.auth.permissions import can_run_assemblies, can_view_assemblies
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.minutes.models import Minutes
from coop.orgs.context import org_blueprint, require
from coop.orgs.scoping import get_or_404, scoped
from coop.voting.services import votes_by_item
from coop.web import attempt, flash_form_errors

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
        assembly = services.create_assembly(
            g.org, form.kind.data, form.title.data, local, form.place.data, current_user.id
        )
        db.session.commit()
        return redirect(url_for("assemblies.show", assembly_id=assembly.id))
    return render_template("assemblies/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:assembly_id>")
@require(can_view_assemblies)
def show(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    minutes = db.session.scalar(scoped(Minutes, g.org).where(Minutes.assembly_id == assembly.id))
    return render_template(
        "assemblies/show.html",
        assembly=assembly,
        quorum=services.current_quorum(g.org, assembly),
        votes=votes_by_item(assembly),
        minutes=minutes,
        item_form=AgendaItemForm(),
        convene_form=ConveneForm(notice_given_on=g.org.today()),
    )


@bp.route("/<int:assembly_id>/items", methods=["POST"])
@require(can_run_assemblies)
def add_item(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        attempt(
            lambda: services.add_item(
                g.org, assembly, form.title.data, form.kind.data, current_user.id
            )
        )
    else:
        flash_form_errors(form)
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/convene", methods=["POST"])
@require(can_run_assemblies)
def convene(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = ConveneForm()
    if form.validate_on_submit():
        attempt(
            lambda: services.convene(
                g.org, assembly, form.notice_given_on.data, form.channel.data, current_user.id
            ),
            _("The assembly is convened."),
        )
    else:
        flash_form_errors(form)
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/<int:assembly_id>/attendance", methods=["GET", "POST"])
@require(can_run_assemblies)
def attendance(assembly_id: int) -> Response | str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            entry = services.check_in(g.org, assembly, form.number.data, current_user.id)
        except DomainError as error:
            db.session.rollback()
            form.number.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("%(name)s is checked in.", name=entry.member.full_name), "success")
            return redirect(url_for("assemblies.attendance", assembly_id=assembly.id))
    return render_template(
        "assemblies/attendance.html",
        assembly=assembly,
        form=form,
        quorum=services.current_quorum(g.org, assembly),
        attendance=services.attendance_list(assembly),
    )


@bp.route("/<int:assembly_id>/close", methods=["POST"])
@require(can_run_assemblies)
def close(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    attempt(lambda: services.close(g.org, assembly, current_user.id), _("The assembly is closed."))
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))
