"""The one way to reach an organization's rows: every query is filtered by organization."""

from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort

from coop.core.extensions import db
from coop.core.tenancy.models import Organization

T = TypeVar("T")


def scoped(model: type[T], org: Organization) -> sa.Select[tuple[T]]:
    """A select of `model` limited to the rows of `org`."""
    return sa.select(model).where(model.organization_id == org.id)  # type: ignore[attr-defined]


def get_or_404(model: type[T], org: Organization, ident: Any, **filters: Any) -> T:
    """The row of `org` with this id (and filters), or 404: another organization's row is absent."""
    stmt = scoped(model, org).where(model.id == ident).filter_by(**filters)  # type: ignore[attr-defined]
    obj = db.session.scalars(stmt).one_or_none()
    if obj is None:
        abort(404)
    return obj
