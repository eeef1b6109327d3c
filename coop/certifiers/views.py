"""The administrator's page of certifiers: limits of their access, their systems' tokens,
and the log of what they opened."""

from flask import g, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.models import Access, Role
from coop.certifiers import services
from coop.certifiers.forms import LimitsForm, TokenForm
from coop.certifiers.guard import keep_to_periods, log_certifier
from coop.certifiers.models import ApiToken
from coop.certifiers.permissions import can_manage_certifiers, can_read_visits
from coop.core.i18n import _, _l
from coop.core.routing import page_number
from coop.core.security import no_store
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt, submit

bp = org_blueprint("certifiers", __name__, "/certifiers")
CHANNELS = {"page": _l("Page"), "export": _l("Export"), "api": _l("API")}
bp.before_app_request(keep_to_periods)
bp.after_app_request(log_certifier)


def _page(status: int = 200, token_form: TokenForm | None = None) -> tuple[str, int]:
    certifiers = services.certifier_accesses(g.org)
    form = token_form or TokenForm(formdata=None)
    form.access_id.choices = [(a.id, a.user.name) for a, _grant in certifiers]
    limits = {
        a.id: LimitsForm(
            formdata=None,
            obj=grant,
            report_locale=grant.report_locale if grant else a.user.locale or g.org.default_locale,
            prefix=f"a{a.id}",
        )
        for a, grant in certifiers
    }
    page = render_template(
        "certifiers/index.html",
        certifiers=certifiers,
        limits=limits,
        token_form=form,
        tokens=services.tokens(g.org),
    )
    return page, status


@bp.route("/")
@require(can_manage_certifiers)
def index() -> tuple[str, int]:
    return _page()


@bp.route("/<int:access_id>/limits", methods=["POST"])
@require(can_manage_certifiers)
def limits(access_id: int) -> Response:
    access = get_or_404(Access, g.org, access_id, role=Role.CERTIFIER)
    form = LimitsForm(prefix=f"a{access.id}")
    submit(
        form,
        lambda: services.set_limits(
            g.org,
            access,
            form.period_from.data,
            form.period_until.data,
            form.report_locale.data or "",
            current_user.id,
        ),
        _("Limits saved."),
    )
    return redirect(url_for("certifiers.index"))


@bp.route("/tokens", methods=["POST"])
@require(can_manage_certifiers)
def issue_token() -> Response | tuple[str, int]:
    form = TokenForm()
    form.access_id.choices = [(a.id, a.user.name) for a, _g in services.certifier_accesses(g.org)]
    if form.validate_on_submit():
        access = get_or_404(Access, g.org, form.access_id.data)
        given = attempt(
            lambda: services.issue_token(
                g.org, access, form.label.data or "", form.expires_on.data, current_user.id
            ),
            errors=form.access_id.errors,
        )
        if given:
            row, token = given.value
            page = render_template("certifiers/token.html", row=row, token=token, access=access)
            return no_store(make_response(page))
    return _page(400, form)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@require(can_manage_certifiers)
def revoke_token(token_id: int) -> Response:
    token = get_or_404(ApiToken, g.org, token_id)
    attempt(lambda: services.revoke_token(g.org, token, current_user.id), _("Token revoked."))
    return redirect(url_for("certifiers.index"))


@bp.route("/log")
@require(can_read_visits)
def log() -> str:
    page = page_number()
    visits, total = services.visits(g.org, page)
    return render_template(
        "certifiers/log.html",
        visits=visits,
        total=total,
        page=page,
        per_page=services.VISITS_PAGE,
        channels=CHANNELS,
    )
