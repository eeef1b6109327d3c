"""An assembly, its agenda and its attendance book."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.db import Base, enum_type, utcnow
from coop.errors import DomainError
from coop.i18n import _l
from coop.members.models import Member


class AssemblyKind(enum.StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


class AssemblyStatus(enum.StrEnum):
    DRAFT = "draft"
    CONVENED = "convened"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ItemKind(enum.StrEnum):
    INFORMATION = "information"
    DECISION = "decision"


class Assembly(Base):
    __tablename__ = "assembly"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    kind: Mapped[AssemblyKind] = mapped_column(enum_type(AssemblyKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[AssemblyStatus] = mapped_column(
        enum_type(AssemblyStatus), default=AssemblyStatus.DRAFT
    )
    notice_given_on: Mapped[date | None]
    notice_channel: Mapped[str] = mapped_column(sa.String(200), default="")
    # Frozen when the assembly closes, so later register changes never rewrite it.
    eligible_count: Mapped[int | None]
    present_count: Mapped[int | None]
    quorum_required: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="assembly", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )

    def convene(self, notice_given_on: date, channel: str) -> None:
        """Record the notice; only a draft can be convened."""
        if self.status != AssemblyStatus.DRAFT:
            raise DomainError(_l("Only a draft assembly can be convened."))
        if not self.items:
            raise DomainError(_l("Add at least one agenda item before convening."))
        if notice_given_on > self.starts_at.date():
            raise DomainError(_l("The notice cannot be given after the assembly's date."))
        self.notice_given_on = notice_given_on
        self.notice_channel = channel
        self.status = AssemblyStatus.CONVENED

    def close(self, eligible: int, present: int, required: int) -> None:
        """End the session and freeze its quorum figures."""
        if self.status != AssemblyStatus.CONVENED:
            raise DomainError(_l("Only a convened assembly can be closed."))
        self.eligible_count, self.present_count, self.quorum_required = eligible, present, required
        self.status = AssemblyStatus.CLOSED

    @property
    def is_editable(self) -> bool:
        return self.status == AssemblyStatus.DRAFT

    @property
    def is_in_session(self) -> bool:
        return self.status == AssemblyStatus.CONVENED


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    assembly_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly.id"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[ItemKind] = mapped_column(enum_type(ItemKind))

    assembly: Mapped[Assembly] = relationship(back_populates="items")


class Attendance(Base):
    """One line of the attendance book: a member present at an assembly."""

    __tablename__ = "attendance"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    assembly_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    arrived_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    member: Mapped[Member] = relationship()
