"""Blueprints under /o/<org_slug>/: they load the organization and the reader's access once.

What an access is, and whether it still counts, is the business of the domain that keeps
accounts; it hands its loaders to `init_app`, so this module needs no domain. The page's
loader finds the organization, the reader's login session and their access in one query, as
every page of an organization starts with it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g, request
from flask_login import current_user

from coop.core.extensions import login_manager
from coop.core.tenancy.models import Organization

# (organization slug, user id or None) -> the organization, or None when there is no such
# organization, and the user's access there, or None when they have none now.
ContextLoader = Callable[[str, int | None], tuple[Organization | None, Any]]


# Organization slug -> the same, for the reader of the page (who may be found with it).
PageContextLoader = Callable[[str], tuple[Organization | None, Any]]


def init_app(app: Flask, load_context: ContextLoader, load_page_context: PageContextLoader) -> None:
    """Use `load_context` to find the organization and a user's access there, and
    `load_page_context` to find them for the reader on the organization's pages."""
    app.extensions["coop.load_context"] = load_context
    app.extensions["coop.load_page_context"] = load_page_context


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
    slug = str((values or {}).pop("org_slug", ""))
    org, access = current_app.extensions["coop.load_page_context"](slug)
    if org is None:
        abort(404)
    g.org, g.access = org, access


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
        # Whoever has no access to this organization learns nothing about it: not even its
        # name in the error page's header.
        g.pop("org", None)
        abort(404)
    return None


def require(predicate: Callable[[Any], bool]) -> Callable[..., Any]:
    """Answer 403 unless the user's access in this organization passes `predicate`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not predicate(g.access):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
