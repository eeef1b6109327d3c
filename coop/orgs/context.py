"""Blueprints under /o/<org_slug>/: they load the organization and the user's access once."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user

from coop.auth.models import Access
from coop.auth.permissions import is_current
from coop.extensions import db, login_manager
from coop.members.models import Member
from coop.members.rules import EXIT_STATUSES
from coop.orgs.models import Organization


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark an organization page that an anonymous visitor may open."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def org_blueprint(name: str, import_name: str, prefix: str = "") -> Blueprint:
    """A blueprint whose routes belong to one organization, named in the URL."""
    bp = Blueprint(name, import_name, url_prefix=f"/o/<org_slug>{prefix}")
    bp.url_value_preprocessor(_load_org)
    bp.url_defaults(_add_org_slug)
    bp.before_request(_require_access)
    return bp


def _load_org(endpoint: str | None, values: dict[str, Any] | None) -> None:
    slug = (values or {}).pop("org_slug", None)
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if org is None:
        abort(404)
    g.org = org
    g.access = None
    if current_user.is_authenticated:
        access = db.session.scalar(
            sa.select(Access).where(
                Access.organization_id == org.id, Access.user_id == current_user.id
            )
        )
        g.access = access if is_current(access, org.today()) and _still_member(access) else None


def _still_member(access: Access) -> bool:
    """A member's account counts while the member has not left the organization."""
    if access.member_id is None:
        return True
    member = db.session.get(Member, access.member_id)
    return member is not None and member.status not in EXIT_STATUSES


def _add_org_slug(endpoint: str, values: dict[str, Any]) -> None:
    if "org_slug" not in values and "org" in g:
        values["org_slug"] = g.org.slug


def _require_access() -> Any:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if g.access is None:
        # Whoever has no access to this organization learns nothing about it.
        abort(404)
    return None


def require(predicate: Callable[[Access | None], bool]) -> Callable[..., Any]:
    """Answer 403 unless the user's access in this organization passes `predicate`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not predicate(g.access):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
