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

from coop.auth.forms import LoginForm, MemberLoginForm, PasswordForm
from coop.auth.models import Access, User
from coop.auth.services import authenticate, authenticate_member, change_password
from coop.db import reads_only
from coop.extensions import db, limiter, login_manager
from coop.i18n import _
from coop.members.rules import normalize_number
from coop.orgs.context import org_blueprint, public
from coop.orgs.models import Organization
from coop.web import attempt

bp = Blueprint("auth", __name__)
member_bp = org_blueprint("member_auth", __name__)


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


def _failed_login(response: Response) -> bool:
    # Only failed attempts count towards the limit; a success redirects.
    return request.method == "POST" and response.status_code != 302


def _email_key() -> str:
    return "login:" + request.form.get("email", "").strip().lower()


def _member_key() -> str:
    # The path names the organization: the same number elsewhere is another member.
    return f"pin:{request.path}:" + normalize_number(request.form.get("number", ""))


def _login_limit() -> str:
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def _address_limit() -> str:
    # Generous: on assembly day a whole community logs in from one office connection.
    return current_app.config["LOGIN_FAILURE_LIMIT_PER_ADDRESS"]


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
@limiter.limit(_login_limit, key_func=_email_key, methods=["POST"], deduct_when=_failed_login)
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed_login)
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            session.permanent = True
            return redirect(safe_next(url_for("auth.index")))
        flash(_("Wrong e-mail or password."), "error")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form), status


@member_bp.route("/login", methods=["GET", "POST"], endpoint="login")
@public
@reads_only
@limiter.limit(_login_limit, key_func=_member_key, methods=["POST"], deduct_when=_failed_login)
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed_login)
def member_login() -> Response | str | tuple[str, int]:
    form = MemberLoginForm()
    if form.validate_on_submit():
        user = authenticate_member(g.org, form.number.data or "", form.pin.data or "")
        if user is not None:
            login_user(user)
            session.permanent = True
            return redirect(safe_next(url_for("orgs.dashboard")))
        flash(_("Wrong member number or PIN."), "error")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/member_login.html", form=form), status


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
