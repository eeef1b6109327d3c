"""Statute pages: the rules in force, their versions, and adding a version."""

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_set_statute, can_view_assemblies
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt
from coop.statutes import services
from coop.statutes.forms import StatuteForm, form_data
from coop.statutes.models import Statute
from coop.statutes.presets import PRESETS
from coop.statutes.rules import DecisionKind

bp = org_blueprint("statutes", __name__, "/statute")


@bp.route("/")
@require(can_view_assemblies)
def index() -> str:
    current = services.statute_on(g.org, g.org.today())
    return render_template(
        "statutes/index.html",
        current=current,
        rules=current.rules,
        versions=services.versions(g.org),
        kinds=list(DecisionKind),
    )


@bp.route("/new", methods=["GET", "POST"])
@require(can_set_statute)
def new() -> Response | str | tuple[str, int]:
    form = StatuteForm()
    preset = request.args.get("preset", "")
    if not form.is_submitted():
        if preset in PRESETS:
            rules = PRESETS[preset]
        else:
            from_id = request.args.get("from", type=int)
            base = (
                get_or_404(Statute, g.org, from_id)
                if from_id
                else services.statute_on(g.org, g.org.today())
            )
            rules, preset = base.rules, base.preset
        form = StatuteForm(data={**form_data(rules), "effective_from": g.org.today()})
    elif form.validate() and attempt(
        lambda: services.save_version(
            g.org,
            form.effective_from.data,
            preset or "custom",
            form.source.data or "",
            form.to_rules(),
            current_user.id,
        ),
        _("The new version of the statute rules is saved."),
        errors=form.form_errors,
    ):
        return redirect(url_for("statutes.index"))
    status = 400 if form.errors else 200
    return render_template(
        "statutes/form.html",
        form=form,
        preset=preset,
        presets=list(PRESETS),
        kinds=list(DecisionKind),
    ), status
