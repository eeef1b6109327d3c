"""Certifiers' grants, the log of what they open, and their systems' API tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.auth.permissions import is_current
from coop.certifiers.models import ApiToken, CertifierGrant, CertifierVisit
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped

TOKEN_PREFIX = "coop_"
VISITS_PAGE = 100


def certifier_accesses(org: Organization) -> list[tuple[Access, CertifierGrant | None]]:
    """Every certifier of the organization with the limits of their access, by name."""
    rows = db.session.execute(
        sa.select(Access, CertifierGrant)
        .join(User, User.id == Access.user_id)
        .outerjoin(CertifierGrant, CertifierGrant.access_id == Access.id)
        .where(Access.organization_id == org.id, Access.role == Role.CERTIFIER)
        .order_by(User.name, Access.id)
    )
    return [(access, grant) for access, grant in rows]


def grant_of(access: Access | None) -> CertifierGrant | None:
    """The limits set on a certifier's access (None: none set, or not a certifier)."""
    if access is None or access.role != Role.CERTIFIER:
        return None
    return db.session.scalar(sa.select(CertifierGrant).where(CertifierGrant.access_id == access.id))


def allows(grant: CertifierGrant | None, start: date, end: date) -> bool:
    """Whether a grant lets its certifier see the records of the days from `start` to `end`."""
    if grant is None:
        return True
    if grant.period_from is not None and start < grant.period_from:
        return False
    return grant.period_until is None or end <= grant.period_until


def set_limits(
    org: Organization,
    access: Access,
    period_from: date | None,
    period_until: date | None,
    report_locale: str,
    actor_id: int | None,
) -> CertifierGrant:
    """Limit a certifier's access to the periods between two dates, and choose the language of
    their copy of the evidence report."""
    if access.role != Role.CERTIFIER:
        raise DomainError(_("Only a certifier's access has these limits."))
    if period_from and period_until and period_until < period_from:
        raise DomainError(_("The last day comes before the first."))
    if report_locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Choose one of the languages offered."))
    grant = grant_of(access) or CertifierGrant(organization_id=org.id, access_id=access.id)
    grant.period_from, grant.period_until = period_from, period_until
    grant.report_locale, grant.updated_by_id, grant.updated_at = report_locale, actor_id, utcnow()
    db.session.add(grant)
    record(
        org,
        actor_id,
        "certifier.limits_set",
        access,
        user_id=access.user_id,
        period_from=period_from.isoformat() if period_from else None,
        period_until=period_until.isoformat() if period_until else None,
        report_locale=report_locale,
    )
    return grant


def report_locale(org: Organization, access: Access | None) -> str | None:
    """The language of a certifier's copy of the evidence report: the one set on their grant,
    else their own; None for anyone else."""
    if access is None or access.role != Role.CERTIFIER:
        return None
    grant = grant_of(access)
    if grant is not None:
        return grant.report_locale
    return access.user.locale or org.default_locale


def log_visit(
    org_id: int, user_id: int, channel: str, method: str, path: str, status: int, detail: str = ""
) -> None:
    """Keep a page, export or API answer a certifier was given, in a transaction of its own:
    a page only reads, and the log must stay even when the page's work is rolled back."""
    with db.engine.begin() as connection:
        connection.execute(
            sa.insert(CertifierVisit).values(
                organization_id=org_id,
                user_id=user_id,
                at=utcnow(),
                channel=channel,
                method=method[:10],
                path=path[:300],
                status=status,
                detail=detail[:200],
            )
        )


@dataclass(frozen=True)
class Visit:
    at: object
    name: str
    email: str | None
    channel: str
    method: str
    path: str
    status: int
    detail: str


def visits(org: Organization, page: int) -> tuple[list[Visit], int]:
    """One page of the log of what certifiers opened, newest first, and its length."""
    total = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(CertifierVisit)
        .where(CertifierVisit.organization_id == org.id)
    )
    rows = db.session.execute(
        sa.select(CertifierVisit, User.name, User.email)
        .join(User, User.id == CertifierVisit.user_id)
        .where(CertifierVisit.organization_id == org.id)
        .order_by(CertifierVisit.id.desc())
        .offset((page - 1) * VISITS_PAGE)
        .limit(VISITS_PAGE)
    )
    found = [
        Visit(v.at, name, email, v.channel, v.method, v.path, v.status, v.detail)
        for v, name, email in rows
    ]
    return found, total or 0


def digest(token: str) -> str:
    """The SHA-256 a token is kept as."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    org: Organization, access: Access, label: str, expires_on: date | None, actor_id: int | None
) -> tuple[ApiToken, str]:
    """A new API token for a certifier's system, expiring no later than their access; the
    token itself is returned to be shown once."""
    if access.role != Role.CERTIFIER:
        raise DomainError(_("API tokens are for certifiers."))
    if not is_current(access, org.today()):
        raise DomainError(_("This certifier's access has expired."))
    expires_on = expires_on or access.expires_on
    if expires_on is None or expires_on < org.today():
        raise DomainError(_("A token needs an expiry date that is not in the past."))
    if access.expires_on is not None and expires_on > access.expires_on:
        raise DomainError(_("A token cannot outlast the certifier's access."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        organization_id=org.id,
        access_id=access.id,
        digest=digest(token),
        hint=token[: len(TOKEN_PREFIX) + 6],
        label=label.strip()[:100],
        expires_on=expires_on,
        created_by_id=actor_id,
    )
    db.session.add(row)
    db.session.flush()
    record(org, actor_id, "api_token.issued", row, access_id=access.id, hint=row.hint)
    return row, token


def revoke_token(org: Organization, token: ApiToken, actor_id: int | None) -> None:
    """End a token now."""
    if token.revoked_at is not None:
        raise DomainError(_("This token is already revoked."))
    token.revoked_at = utcnow()
    record(org, actor_id, "api_token.revoked", token, hint=token.hint)


def tokens(org: Organization) -> list[ApiToken]:
    """Every token of the organization's certifiers, newest first."""
    return list(db.session.scalars(scoped(ApiToken, org).order_by(ApiToken.id.desc())))


def access_for_token(token: str) -> tuple[Organization, Access] | None:
    """The organization and the certifier's access a token reads as, if the token, the access
    and the certifier's grant all still hold today; None otherwise."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = db.session.execute(
        sa.select(ApiToken, Access, Organization)
        .join(Access, Access.id == ApiToken.access_id)
        .join(Organization, Organization.id == ApiToken.organization_id)
        .where(ApiToken.digest == digest(token), ApiToken.revoked_at.is_(None))
    ).one_or_none()
    if row is None:
        return None
    api_token, access, org = row
    today = org.today()
    if api_token.expires_on < today or not is_current(access, today):
        return None
    if access.role != Role.CERTIFIER or access.organization_id != org.id:
        return None
    return org, access
