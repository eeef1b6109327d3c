"""The member register pages: list, detail, add, edit, status, production units, PIN."""

from flask import abort, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.audit.models import AuditEvent
from coop.auth.permissions import can_manage_register, can_see_member, can_view_register
from coop.auth.services import issue_pin
from coop.extensions import db
from coop.i18n import _
from coop.members import queries, services
from coop.members.forms import MemberForm, StatusForm, UnitsForm
from coop.members.indicators import small_producer
from coop.members.models import Member
from coop.members.register_labels import change_field, change_value
from coop.orgs.context import org_blueprint, require
from coop.orgs.scoping import get_or_404, scoped
from coop.security import no_store
from coop.web import attempt, page_number, submit

bp = org_blueprint("members", __name__, "/members")

PAGE_SIZE = 50
UNIT_SLOTS = 2  # empty rows offered below the existing units


def _filters() -> queries.Filters:
    args = request.args
    return queries.Filters(
        query=args.get("q", "")[:100],
        status=args.get("status", ""),
        community=args.get("community", "")[:120],
        sex=args.get("sex", ""),
        product=args.get("product", ""),
        sort=args.get("sort", "number"),
        descending=args.get("order") == "desc",
    )


@bp.route("/")
@require(can_view_register)
def index() -> str:
    filters = _filters()
    page = db.paginate(
        queries.search_members(g.org, filters),
        page=page_number(),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template(
        "members/index.html", page=page, filters=filters, communities=queries.communities(g.org)
    )


@bp.route("/<int:member_id>")
def show(member_id: int) -> str:
    member = get_or_404(Member, g.org, member_id)
    if not can_see_member(g.access, member.id):
        abort(403)
    events = db.session.scalars(
        scoped(AuditEvent, g.org)
        .where(AuditEvent.object_type == "member", AuditEvent.object_id == member.id)
        .order_by(AuditEvent.id.desc())
        .limit(100)
    )
    small = small_producer(g.org, member)
    return render_template(
        "members/show.html",
        member=member,
        events=list(events),
        small=small,
        status_form=StatusForm(effective_on=g.org.today()),
        change_field=change_field,
        change_value=change_value,
    )


@bp.route("/me")
def me() -> Response:
    if g.access.member_id is None:
        abort(404)
    return redirect(url_for("members.show", member_id=g.access.member_id))


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage_register)
def new() -> Response | str | tuple[str, int]:
    form = MemberForm()
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
    new_pin = issue_pin(g.org, member, current_user.id)
    db.session.commit()
    return no_store(make_response(render_template("members/pin.html", member=member, pin=new_pin)))
