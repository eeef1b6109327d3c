"""Logging in and out, the start page, invitations, and choosing the language."""

from urllib.parse import urlsplit

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
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from coop.auth import invitations, permissions
from coop.auth.forms import LoginForm, NewAccountForm, PasswordForm
from coop.auth.models import LoginKind, User
from coop.auth.services import authenticate, change_password, start_page
from coop.auth.sessions import end_session, session_user, start_session
from coop.auth.throttling import account_counters, guarded
from coop.core.db import reads_only
from coop.core.extensions import db, login_manager
from coop.core.i18n import _
from coop.core.tenancy.context import ContextLoader
from coop.core.transactions import attempt

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return session_user(token)


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    if "org" in g:
        return redirect(url_for("member_auth.login", next=request.full_path))
    return redirect(url_for("auth.login", next=request.full_path))


def safe_next(default: str) -> str:
    """The `next` address if it stays on this site, else `default`: in the address, or a
    form's field (the language switcher's)."""
    target = request.values.get("next", "")
    if any(ord(c) < 32 or c == "\\" for c in target):
        return default
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _context_loader() -> ContextLoader:
    return current_app.extensions["coop.load_context"]


@bp.route("/")
def index() -> Response | str:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    orgs, ended = start_page(current_user.id, _context_loader())
    if len(orgs) == 1 and not ended:
        return redirect(url_for("orgs.dashboard", org_slug=orgs[0].slug))
    return render_template("auth/index.html", orgs=orgs, ended=ended)


@bp.route("/login", methods=["GET", "POST"])
@reads_only
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200
    email = form.email.data or ""
    user, refused = guarded(
        account_counters(email), lambda: authenticate(email, form.password.data or "")
    )
    if user is None:
        flash(refused or _("Wrong e-mail or password."), "error")
        return render_template("auth/login.html", form=form), 429 if refused else 400
    db.session.commit()  # the check only read; the session's row is written on its own
    start_session(user, LoginKind.PASSWORD)
    db.session.commit()
    start = url_for("auth.index")
    orgs, ended = start_page(user.id, _context_loader())
    # Whose every access has ended learns it on the start page, not from a 404 further on.
    return redirect(start if ended and not orgs else safe_next(start))


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    end_session()
    db.session.commit()
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


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response | str | tuple[str, int]:
    found = invitations.find(token[:64])
    form = NewAccountForm()
    if found is None:
        return render_template("auth/invitation.html", invitation=None, form=form), 404
    slug = found.organization.slug
    welcome = _("Welcome to %(org)s.", org=found.organization.name)
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        if request.method == "POST" and attempt(lambda: invitations.accept(found, user), welcome):
            return redirect(url_for("orgs.dashboard", org_slug=slug))
    elif form.validate_on_submit():

        def join() -> None:
            user = invitations.accept_with_new_account(found, form.new.data or "")
            start_session(user, LoginKind.PASSWORD)

        if attempt(join, welcome, errors=form.new.errors):
            return redirect(url_for("orgs.dashboard", org_slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/invitation.html", invitation=found, form=form), status


@bp.app_context_processor
def permission_predicates() -> dict[str, object]:
    """Templates ask the same named predicates as the views: `perm.can_vote(access)`."""
    return {"perm": permissions}
