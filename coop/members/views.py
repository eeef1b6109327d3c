"""The member register pages."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_manage_register, can_view_register
from coop.auth.services import issue_pin
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.forms import MemberForm
from coop.members.models import Member
from coop.members.services import create_member, search_members, update_member
from coop.orgs.context import org_blueprint, require
from coop.orgs.scoping import get_or_404

bp = org_blueprint("members", __name__, "/members")

PAGE_SIZE = 50


@bp.route("/")
@require(can_view_register)
def index() -> str:
    query = request.args.get("q", "")[:100]
    status = request.args.get("status", "")
    page = db.paginate(search_members(g.org, query, status), per_page=PAGE_SIZE, error_out=False)
    return render_template("members/index.html", page=page, query=query, status=status)


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage_register)
def new() -> Response | str | tuple[str, int]:
    form = MemberForm(status="active")
    if form.validate_on_submit():
        try:
            member = create_member(g.org, form.data, current_user.id)
        except DomainError as error:
            db.session.rollback()
            form.number.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Member %(number)s added.", number=member.number), "success")
            return redirect(url_for("members.index"))
    status = 400 if form.errors else 200
    return render_template("members/form.html", form=form, member=None), status


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@require(can_manage_register)
def edit(member_id: int) -> Response | str | tuple[str, int]:
    member = get_or_404(Member, g.org, member_id)
    form = MemberForm(obj=member)
    if form.validate_on_submit():
        try:
            update_member(g.org, member, form.data, current_user.id)
        except DomainError as error:
            db.session.rollback()
            form.number.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Member %(number)s saved.", number=member.number), "success")
            return redirect(url_for("members.index"))
    status = 400 if form.errors else 200
    return render_template("members/form.html", form=form, member=member), status


@bp.route("/<int:member_id>/pin", methods=["POST"])
@require(can_manage_register)
def pin(member_id: int) -> str:
    member = get_or_404(Member, g.org, member_id)
    new_pin = issue_pin(g.org, member, current_user.id)
    db.session.commit()
    return render_template("members/pin.html", member=member, pin=new_pin)
