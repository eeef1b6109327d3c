"""The administrator's page of who has access to the organization, and of invitations."""

from flask import g, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth import accounts, invitations
from coop.auth.forms import AccountForm
from coop.auth.models import Access, Invitation
from coop.auth.permissions import can_manage_accounts
from coop.core.i18n import _
from coop.core.security import no_store
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt

bp = org_blueprint("accounts", __name__, "/accounts")


@bp.route("/", methods=["GET", "POST"])
@require(can_manage_accounts)
def index() -> Response | str | tuple[str, int]:
    form = AccountForm()
    if form.validate_on_submit():
        sent = attempt(
            lambda: invitations.invite(
                g.org,
                form.name.data,
                form.email.data,
                form.role.data,
                form.expires_on.data,
                current_user.id,
            ),
            errors=form.email.errors,
        )
        if sent:
            invitation, token = sent.value
            link = url_for("auth.invitation", token=token, _external=True)
            page = render_template("auth/invitation_sent.html", invitation=invitation, link=link)
            return no_store(make_response(page))
    status = 400 if form.errors else 200
    return render_template(
        "auth/accounts.html",
        form=form,
        accounts=accounts.accounts(g.org),
        invitations=invitations.pending(g.org),
    ), status


@bp.route("/<int:access_id>/revoke", methods=["POST"])
@require(can_manage_accounts)
def revoke(access_id: int) -> Response:
    access = get_or_404(Access, g.org, access_id)
    attempt(
        lambda: accounts.revoke(g.org, access, current_user.id),
        _("Access removed."),
    )
    return redirect(url_for("accounts.index"))


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@require(can_manage_accounts)
def withdraw_invitation(invitation_id: int) -> Response:
    invitation = get_or_404(Invitation, g.org, invitation_id)
    attempt(
        lambda: invitations.withdraw(g.org, invitation, current_user.id),
        _("Invitation withdrawn."),
    )
    return redirect(url_for("accounts.index"))
