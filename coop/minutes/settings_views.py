"""The organization's setting of who signs its minutes."""

from flask import g, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_set_statute
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.transactions import attempt
from coop.minutes.forms import SettingsForm
from coop.minutes.settings import save_settings, settings_of

bp = org_blueprint("minutes_settings", __name__, "/minutes")


@bp.route("/signers", methods=["GET", "POST"])
@require(can_set_statute)
def signers() -> Response | tuple[str, int]:
    form = SettingsForm(obj=settings_of(g.org))
    if form.validate_on_submit() and attempt(
        lambda: save_settings(g.org, form.member_signers.data, form.basis.data, current_user.id),
        _("Saved: minutes approved from now on need these signatures."),
        errors=form.member_signers.errors,
    ):
        return redirect(url_for("minutes_settings.signers"))
    return render_template("minutes/settings.html", form=form), 400 if form.errors else 200
