"""A certifier's grant, the log of what they opened, and the tokens of their systems."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, reference, tenant_key, utcnow


class CertifierGrant(Base):
    """The limits of one certifier's access beyond its expiry: the periods they may see (none
    set: every period) and the language of their copy of the evidence report."""

    __tablename__ = "certifier_grant"
    __table_args__ = (
        sa.CheckConstraint(
            "period_from IS NULL OR period_until IS NULL OR period_until >= period_from",
            name="periods_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    # Part of the access: it goes when the access is taken away.
    access_id: Mapped[int] = reference("access.id", ondelete="CASCADE", unique=True)
    period_from: Mapped[date | None]
    period_until: Mapped[date | None]
    report_locale: Mapped[str] = mapped_column(sa.String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = reference("user_account.id")


class CertifierVisit(Base):
    """A page, an export or an API answer a certifier was given, kept for the organization."""

    __tablename__ = "certifier_visit"
    __table_args__ = (sa.Index("ix_certifier_visit_log", "organization_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    user_id: Mapped[int] = reference("user_account.id", index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # "page", "export" or "api".
    channel: Mapped[str] = mapped_column(sa.String(10))
    method: Mapped[str] = mapped_column(sa.String(10))
    path: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[int]
    # For an export: its period and the SHA-256 of its manifest.
    detail: Mapped[str] = mapped_column(sa.String(200), default="")


class ApiToken(Base):
    """A token a certifier's system reads the API with; only its SHA-256 is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    access_id: Mapped[int] = reference("access.id", ondelete="CASCADE", index=True)
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters, so that the holder recognizes which token is which.
    hint: Mapped[str] = mapped_column(sa.String(12))
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    expires_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = reference("user_account.id")
    revoked_at: Mapped[datetime | None]
