"""A member of the organization, as the register holds them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.db import Base, enum_type, utcnow
from coop.members.rules import MemberStatus, Sex


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (sa.UniqueConstraint("organization_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    number: Mapped[str] = mapped_column(sa.String(20))
    given_names: Mapped[str] = mapped_column(sa.String(120))
    surnames: Mapped[str] = mapped_column(sa.String(120))
    sex: Mapped[Sex] = mapped_column(enum_type(Sex))
    community: Mapped[str] = mapped_column(sa.String(120), default="")
    joined_on: Mapped[date]
    status: Mapped[MemberStatus] = mapped_column(
        enum_type(MemberStatus), default=MemberStatus.ACTIVE
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"
