"""The member register pages: list, detail, add, edit, status, good standing, employment,
production units, PIN, and the records still to complete."""

from flask import abort, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.audit.models import AuditEvent
from coop.auth.permissions import can_manage_register, can_see_member, can_view_register
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.routing import page_number
from coop.core.security import no_store
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt, submit
from coop.members import employment_services, history, queries, services, standing_services
from coop.members.employment_rules import Employment
from coop.members.forms import (
    CompleteDateForm,
    EmploymentEndForm,
    EmploymentForm,
    MemberForm,
    NewMemberForm,
    StandingForm,
    StatusForm,
    UnitsForm,
)
from coop.members.indicators import small_producer
from coop.members.models import EmploymentPeriod, Member
from coop.members.pins import issue_pin
from coop.members.register_labels import basis_label, change_field, change_value
from coop.members.rules import MemberStatus, Product, Sex
from coop.members.signals import page_parts
from coop.members.standing_rules import StandingBasis, StandingPeriod

bp = org_blueprint("members", __name__, "/members")

PAGE_SIZE = 50
UNIT_SLOTS = 2  # empty rows offered below the existing units


@bp.route("/")
@require(can_view_register)
def index() -> str:
    filters = queries.filters_from(request.args)
    page = db.paginate(
        queries.search_members(g.org, filters),
        page=page_number(),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template(
        "members/index.html",
        page=page,
        filters=filters,
        communities=queries.communities(g.org),
        statuses=list(MemberStatus),
        sexes=list(Sex),
        products=list(Product),
        incomplete=queries.count_incomplete_members(g.org),
    )


@bp.route("/<int:member_id>")
def show(member_id: int) -> str:
    member = get_or_404(Member, g.org, member_id)
    if not can_see_member(g.access, member.id):
        abort(403)
    return _show_page(member)


def _show_page(
    member: Member,
    employment_form: EmploymentForm | None = None,
    end_form: tuple[int, EmploymentEndForm] | None = None,
) -> str:
    """The member's page; a form posted back with its errors takes the place of a fresh one."""
    events = db.session.scalars(
        scoped(AuditEvent, g.org)
        .where(AuditEvent.object_type == "member", AuditEvent.object_id == member.id)
        .order_by(AuditEvent.id.desc())
        .limit(100)
    )
    today = g.org.today()
    end_forms = {
        p.id: EmploymentEndForm(formdata=None, prefix=f"employment-{p.id}")
        for p in member.employment
        if p.ends_on is None or p.accounts_approved_on is None
    }
    if end_form is not None:
        end_forms[end_form[0]] = end_form[1]
    return render_template(
        "members/show.html",
        member=member,
        events=list(events),
        small=small_producer(g.org, member),
        today=today,
        status_form=StatusForm(effective_on=today),
        standing_form=StandingForm(starts_on=today),
        employment_form=employment_form or EmploymentForm(formdata=None, prefix="employment"),
        end_forms=end_forms,
        parts=page_parts(g.org, member=member, access=g.access),
        change_field=change_field,
        change_value=change_value,
        basis_label=basis_label,
    )


@bp.route("/me")
def me() -> Response:
    if g.access.member_id is None:
        abort(404)
    return redirect(url_for("members.show", member_id=g.access.member_id))


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage_register)
def new() -> Response | str | tuple[str, int]:
    form = NewMemberForm()
    if form.validate_on_submit():
        added = attempt(
            lambda: services.create_member(g.org, form.data, current_user.id),
            lambda member: _("Member %(number)s added.", number=member.number),
            errors=form.form_errors,
        )
        if added:
            return redirect(url_for("members.units", member_id=added.value.id))
    return render_template("members/form.html", form=form, member=None), 400 if form.errors else 200


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@require(can_manage_register)
def edit(member_id: int) -> Response | str | tuple[str, int]:
    member = get_or_404(Member, g.org, member_id)
    form = MemberForm(obj=member)
    if form.validate_on_submit() and attempt(
        lambda: services.update_member(g.org, member, form.data, current_user.id),
        lambda _changes: _("Member %(number)s saved.", number=member.number),
        errors=form.form_errors,
    ):
        return redirect(url_for("members.show", member_id=member.id))
    status = 400 if form.errors else 200
    return render_template("members/form.html", form=form, member=member), status


@bp.route("/<int:member_id>/status", methods=["POST"])
@require(can_manage_register)
def change_status(member_id: int) -> Response:
    member = get_or_404(Member, g.org, member_id)
    form = StatusForm()
    submit(
        form,
        lambda: services.change_status(
            g.org,
            member,
            form.status.data,
            form.effective_on.data,
            form.reason.data or "",
            form.decision.data or "",
            current_user.id,
        ),
        _("The status is recorded."),
    )
    return redirect(url_for("members.show", member_id=member.id))


@bp.route("/<int:member_id>/units", methods=["GET", "POST"])
@require(can_manage_register)
def units(member_id: int) -> Response | str | tuple[str, int]:
    member = get_or_404(Member, g.org, member_id)
    form = UnitsForm()
    if not form.is_submitted():
        form = UnitsForm(data={"units": [_unit_data(u) for u in member.units]})
        for _slot in range(UNIT_SLOTS):
            form.units.append_entry()
    elif form.validate():
        rows = [
            {k: v for k, v in entry.data.items() if k != "csrf_token"}
            for entry in form.units
            if entry.product.data
        ]
        if attempt(
            lambda: services.set_units(g.org, member, rows, current_user.id),
            _("Production units saved."),
            errors=form.form_errors,
        ):
            return redirect(url_for("members.show", member_id=member.id))
    status = 400 if form.errors else 200
    return render_template("members/units.html", form=form, member=member), status


def _unit_data(unit: object) -> dict[str, object]:
    return {k: getattr(unit, k) for k in services.UNIT_FIELDS}


@bp.route("/<int:member_id>/pin", methods=["POST"])
@require(can_manage_register)
def pin(member_id: int) -> Response:
    member = get_or_404(Member, g.org, member_id)
    issued = attempt(lambda: issue_pin(g.org, member, current_user.id))
    if not issued:
        return redirect(url_for("members.show", member_id=member.id))
    page = render_template("members/pin.html", member=member, pin=issued.value)
    return no_store(make_response(page))


@bp.route("/<int:member_id>/standing", methods=["POST"])
@require(can_manage_register)
def record_standing(member_id: int) -> Response:
    member = get_or_404(Member, g.org, member_id)
    form = StandingForm()
    submit(
        form,
        lambda: standing_services.record_standing(
            g.org, member, _period(form), form.reference.data or "", current_user.id
        ),
        _("The good standing is recorded."),
    )
    return redirect(url_for("members.show", member_id=member.id))


@bp.route("/<int:member_id>/employment", methods=["POST"])
@require(can_manage_register)
def record_employment(member_id: int) -> Response | tuple[str, int]:
    member = get_or_404(Member, g.org, member_id)
    form = EmploymentForm(prefix="employment")
    if form.validate_on_submit() and attempt(
        lambda: employment_services.record_employment(
            g.org,
            member,
            Employment(form.starts_on.data, form.ends_on.data, form.accounts_approved_on.data),
            form.position.data or "",
            current_user.id,
        ),
        _("The employment is recorded."),
        errors=form.form_errors,
    ):
        return redirect(url_for("members.show", member_id=member.id))
    return _show_page(member, employment_form=form), 400


@bp.route("/<int:member_id>/employment/<int:period_id>", methods=["POST"])
@require(can_manage_register)
def complete_employment(member_id: int, period_id: int) -> Response | tuple[str, int]:
    member = get_or_404(Member, g.org, member_id)
    row = get_or_404(EmploymentPeriod, g.org, period_id)
    if row.member_id != member.id:
        abort(404)
    form = EmploymentEndForm(prefix=f"employment-{row.id}")
    if form.validate_on_submit() and attempt(
        lambda: employment_services.complete_employment(
            g.org,
            member,
            row,
            form.ends_on.data,
            form.accounts_approved_on.data,
            current_user.id,
        ),
        _("The employment is recorded."),
        errors=form.form_errors,
    ):
        return redirect(url_for("members.show", member_id=member.id))
    return _show_page(member, end_form=(row.id, form)), 400


def _period(form: StandingForm) -> StandingPeriod:
    basis = StandingBasis.DUES if form.kind.data == "dues" else StandingBasis.DECISION
    good = form.kind.data != "not_good"
    return StandingPeriod(form.starts_on.data, form.ends_on.data, good, basis)


@bp.route("/to-complete")
@require(can_manage_register)
def to_complete() -> str:
    page = db.paginate(
        queries.incomplete_members(g.org), page=page_number(), per_page=PAGE_SIZE, error_out=False
    )
    return render_template("members/to_complete.html", page=page)


@bp.route("/<int:member_id>/history/<int:entry_id>/date", methods=["POST"])
@require(can_manage_register)
def complete_date(member_id: int, entry_id: int) -> Response:
    member = get_or_404(Member, g.org, member_id)
    form = CompleteDateForm()
    submit(
        form,
        lambda: history.complete_status_date(
            g.org,
            member,
            entry_id,
            form.effective_on.data,
            form.decision.data or "",
            current_user.id,
        ),
        _("The date is recorded."),
    )
    if request.form.get("next") == "to_complete":
        return redirect(url_for("members.to_complete"))
    return redirect(url_for("members.show", member_id=member.id))
