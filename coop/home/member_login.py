"""Members log in to their organization with their member number and PIN, and land on
their ballot while a vote they may cast is open (the login is answered with the ballot
itself: on 2G a redirect costs a whole round trip)."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from coop.auth.forms import MemberLoginForm
from coop.auth.sessions import start_session
from coop.auth.throttling import address_limit, failed_login, login_limit
from coop.auth.views import safe_next
from coop.core.db import reads_only
from coop.core.extensions import limiter
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, public
from coop.members.pins import authenticate_member
from coop.members.rules import normalize_number
from coop.members.services import find_by_number
from coop.voting.landing import landing_page

bp = org_blueprint("member_auth", __name__)


def _member_key() -> str:
    # The path names the organization: the same number elsewhere is another member.
    return f"pin:{request.path}:" + normalize_number(request.form.get("number", ""))


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@public
@reads_only
@limiter.limit(login_limit, key_func=_member_key, methods=["POST"], deduct_when=failed_login)
@limiter.limit(address_limit, methods=["POST"], deduct_when=failed_login)
def member_login() -> Response | str | tuple[str, int]:
    form = MemberLoginForm()
    if form.validate_on_submit():
        user = authenticate_member(g.org, form.number.data or "", form.pin.data or "")
        if user is not None:
            login_user(user)
            start_session()
            if request.args.get("next"):
                return redirect(safe_next(url_for("orgs.dashboard")))
            return landing_page(g.org, find_by_number(g.org, form.number.data or ""))
        flash(_("Wrong member number or PIN."), "error")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/member_login.html", form=form), status
