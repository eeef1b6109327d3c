"""Accounts and the role each holds in an organization."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.core.db import Base, enum_type, reference, tenant_key, utcnow
from coop.core.tenancy.models import Organization


class Role(enum.StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    MEMBER = "member"
    CERTIFIER = "certifier"


class User(UserMixin, Base):
    """A person who logs in: by e-mail and password, or by member number and PIN."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    # Raised when a password or PIN changes: sessions opened before it end.
    session_version: Mapped[int] = mapped_column(
        sa.CheckConstraint("session_version >= 0", name="session_version_not_negative"), default=0
    )
    # Set when someone else chose the password: the owner must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    accesses: Mapped[list["Access"]] = relationship(back_populates="user")

    def get_id(self) -> str:
        """The session's token: id and version, so that a new password ends old sessions."""
        return f"{self.id}:{self.session_version}"


class Access(Base):
    """What one user may do in one organization; a certifier's access expires."""

    __tablename__ = "access"
    __table_args__ = (sa.UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    user_id: Mapped[int] = reference("user_account.id", index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role))
    member_id: Mapped[int | None] = reference("member.id", unique=True)
    pin_hash: Mapped[str | None] = mapped_column(sa.String(255))
    expires_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="accesses")
    organization: Mapped[Organization] = relationship()


class LoginKind(enum.StrEnum):
    PASSWORD = "password"
    PIN = "pin"


class LoginSession(Base):
    """One login from one browser. The signed cookie names it by `sid`; logging out ends it
    here, so a copy of the cookie taken before is worth nothing after."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, and named in the audit trail (a ballot says which session cast it): worthless
    # without a cookie signed with the app's secret key.
    sid: Mapped[str] = mapped_column(sa.String(32), unique=True)
    user_id: Mapped[int] = reference("user_account.id", ondelete="CASCADE", index=True)
    kind: Mapped[LoginKind] = mapped_column(enum_type(LoginKind))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The absolute end, whatever the activity: shorter for e-mail accounts than for members.
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Invitation(Base):
    """A role in an organization offered to an e-mail address; the access exists only once
    the person takes it up through the link the administrator gave them."""

    __tablename__ = "invitation"
    # One offer per address and organization at a time: a new one replaces it.
    __table_args__ = (sa.UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    # The end of the access it gives (a certifier's), not of the invitation.
    expires_on: Mapped[date | None]
    # SHA-256 of the token in the link: the database alone does not open it.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    valid_until: Mapped[datetime]
    invited_by_id: Mapped[int | None] = reference("user_account.id")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()
