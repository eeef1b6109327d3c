"""The evidence page of a period, its settings, and the attendance of an assembly as the
certifier reads it."""

from datetime import date

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.attendance import book_lines
from coop.assemblies.models import Assembly
from coop.assemblies.services import assembly_day
from coop.certifiers.guard import register_record_day
from coop.certifiers.services import allows, grant_of
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt
from coop.evidence import services, texts
from coop.evidence.forms import SettingsForm
from coop.evidence.permissions import can_set_evidence, can_view_evidence
from coop.evidence.rules.periods import LAST_12_MONTHS, Period
from coop.evidence.rules.results import Link

bp = org_blueprint("evidence", __name__, "/evidence")


def _assembly_on(org: Organization, assembly_id: int) -> date | None:
    assembly = db.session.scalar(scoped(Assembly, org).where(Assembly.id == assembly_id))
    return assembly_day(org, assembly) if assembly is not None else None


# A certifier limited to some periods sees no assembly of another, nor anything hanging on it.
register_record_day("assembly_id", _assembly_on)


ROUTES = {
    "assembly": ("assemblies.show", "assembly_id"),
    "notice": ("assemblies.notice", "assembly_id"),
    "attendance": ("evidence.attendance", "assembly_id"),
    "minutes": ("minutes.show", "assembly_id"),
    "member": ("members.show", "member_id"),
}


def record_url(link: Link | str, ident: int | None = None) -> str | None:
    """The page of a record the evidence names (a Link, or its kind and id)."""
    if isinstance(link, str):
        link = Link(link, ident)
    if link.id is None:
        return None
    if link.kind == "vote":
        return url_for("voting.result", assembly_id=link.parent, vote_id=link.id)
    endpoint, argument = ROUTES[link.kind]
    return url_for(endpoint, **{argument: link.id})


def allowed_period(key: str) -> Period:
    """The period named in the URL, if the reader may see it; 404 otherwise."""
    period = services.period_for(g.org, key)
    if period is None or not allows(grant_of(g.access), period.start, period.end):
        abort(404)
    return period


@bp.route("/")
@require(can_view_evidence)
def index() -> Response:
    return redirect(url_for("evidence.show", period_key=request.args.get("period", LAST_12_MONTHS)))


@bp.route("/<period_key>")
@require(can_view_evidence)
def show(period_key: str) -> str:
    period = allowed_period(period_key)
    grant = grant_of(g.access)
    choices = [p for p in services.available_periods(g.org) if allows(grant, p.start, p.end)]
    return render_template(
        "evidence/show.html",
        evidence=services.evidence_for(g.org, period),
        periods=choices,
        texts=texts,
        may_set=can_set_evidence(g.access),
        record_url=record_url,
        pdf=False,
    )


@bp.route("/settings", methods=["GET", "POST"])
@require(can_set_evidence)
def settings() -> Response | tuple[str, int]:
    form = SettingsForm(obj=services.settings_row(g.org))
    if form.validate_on_submit() and attempt(
        lambda: services.save_settings(
            g.org, {k: form[k].data for k in services.SETTING_FIELDS}, current_user.id
        ),
        _("Evidence settings saved."),
        errors=form.year_end_day.errors,
    ):
        return redirect(url_for("evidence.index"))
    return render_template("evidence/settings.html", form=form), 400 if form.errors else 200


@bp.route("/assemblies/<int:assembly_id>/attendance")
@require(can_view_evidence)
def attendance(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return render_template(
        "evidence/attendance.html", assembly=assembly, lines=book_lines([assembly.id])[assembly.id]
    )
