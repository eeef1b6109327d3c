"""Logging in and out, and choosing the language."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from coop.auth import permissions
from coop.auth.forms import LoginForm, PasswordForm
from coop.auth.models import Access, User
from coop.auth.services import authenticate, change_password
from coop.auth.sessions import start_session
from coop.auth.throttling import address_limit, failed_login, login_limit
from coop.core.db import reads_only
from coop.core.extensions import db, limiter, login_manager
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.transactions import attempt

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user_id, _sep, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    if "org" in g:
        return redirect(url_for("member_auth.login", next=request.full_path))
    return redirect(url_for("auth.login", next=request.full_path))


def safe_next(default: str) -> str:
    """The `next` address if it stays on this site, else `default`."""
    target = request.args.get("next", "")
    if any(ord(c) < 32 or c == "\\" for c in target):
        return default
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _email_key() -> str:
    return "login:" + request.form.get("email", "").strip().lower()


@bp.route("/")
def index() -> Response | str:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    orgs = db.session.scalars(
        sa.select(Organization)
        .join(Access, Access.organization_id == Organization.id)
        .where(Access.user_id == current_user.id)
        .order_by(Organization.name)
    ).all()
    if len(orgs) == 1:
        return redirect(url_for("orgs.dashboard", org_slug=orgs[0].slug))
    return render_template("auth/index.html", orgs=orgs)


@bp.route("/login", methods=["GET", "POST"])
@reads_only
@limiter.limit(login_limit, key_func=_email_key, methods=["POST"], deduct_when=failed_login)
@limiter.limit(address_limit, methods=["POST"], deduct_when=failed_login)
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            start_session()
            return redirect(safe_next(url_for("auth.index")))
        flash(_("Wrong e-mail or password."), "error")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(url_for("auth.index")))


# Pages a user who must choose a new password can still open.
OPEN_WHILE_CHANGING = {"auth.password", "auth.logout", "auth.language", "static"}


@bp.before_app_request
def require_new_password() -> Response | None:
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_CHANGING
    ):
        return redirect(url_for("auth.password"))
    return None


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Response | str | tuple[str, int]:
    form = PasswordForm()
    user = current_user._get_current_object()  # the object itself: the session is renewed
    if form.validate_on_submit() and attempt(
        lambda: change_password(user, form.current.data or "", form.new.data or ""),
        _("Your password is changed."),
        errors=form.current.errors,
    ):
        login_user(user)  # the session follows the new password
        return redirect(url_for("auth.index"))
    status = 400 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.app_context_processor
def permission_predicates() -> dict[str, object]:
    """Templates ask the same named predicates as the views: `perm.can_vote(access)`."""
    return {"perm": permissions}
