"""Members log in to their organization with their member number and PIN, and land on
their ballot while a vote they may cast is open (the login is answered with the ballot
itself: on 2G a redirect costs a whole round trip); the secretary lets a member whose logins
are locked in again."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.audit.services import record
from coop.auth.forms import MemberLoginForm
from coop.auth.models import LoginKind
from coop.auth.permissions import can_manage_register
from coop.auth.sessions import start_session
from coop.auth.throttling import guarded, lift_member_lock, member_counters
from coop.auth.views import safe_next
from coop.core.db import reads_only
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, public, require
from coop.core.tenancy.scoping import get_or_404
from coop.members.models import Member
from coop.members.pins import authenticate_member
from coop.members.rules import normalize_number
from coop.members.services import find_by_number
from coop.voting.landing import landing_page

bp = org_blueprint("member_auth", __name__)


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@public
@reads_only
def member_login() -> Response | str | tuple[str, int]:
    form = MemberLoginForm()
    if not form.validate_on_submit():
        # Junk is refused before any limit: nobody locks a member out without typing PINs.
        status = 400 if form.is_submitted() else 200
        return render_template("auth/member_login.html", form=form), status
    number, pin = normalize_number(form.number.data or ""), form.pin.data or ""
    user, refused = guarded(
        member_counters(g.org.id, number), lambda: authenticate_member(g.org, number, pin)
    )
    if user is None:
        flash(refused or _("Wrong member number or PIN."), "error")
        return render_template("auth/member_login.html", form=form), 429 if refused else 400
    db.session.commit()  # the check only read; the session's row is written on its own
    start_session(user, LoginKind.PIN)
    db.session.commit()
    if request.args.get("next"):
        return redirect(safe_next(url_for("orgs.dashboard")))
    return landing_page(g.org, find_by_number(g.org, number))


@bp.route("/members/<int:member_id>/login-lock", methods=["POST"])
@require(can_manage_register)
def lift_lock(member_id: int) -> Response:
    member = get_or_404(Member, g.org, member_id)
    lift_member_lock(g.org.id, member.number)
    record(g.org, current_user.id, "member.login_unlocked", member)
    db.session.commit()
    flash(_("%(name)s can log in again now.", name=member.full_name), "success")
    return redirect(url_for("members.show", member_id=member.id))
