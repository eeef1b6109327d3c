"""An assembly, its agenda, its attendance book, proxies and the frozen roll of voters."""

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.core.db import Base, enum_type, not_negative, reference, tenant_key, utcnow
from coop.core.errors import DomainError
from coop.core.i18n import _l
from coop.members.models import Member
from coop.statutes.rules import DecisionKind
from coop.statutes.rules import NoticeChannel as NoticeChannel  # the statute names the means


class AssemblyKind(enum.StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    DELEGATE = "delegate"


class AssemblyStatus(enum.StrEnum):
    DRAFT = "draft"
    CONVENED = "convened"
    IN_SESSION = "in_session"
    NO_QUORUM = "no_quorum"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ItemKind(enum.StrEnum):
    INFORMATION = "information"
    DECISION = "decision"
    ELECTION = "election"


WAITING = (AssemblyStatus.CONVENED, AssemblyStatus.NO_QUORUM)


class Assembly(Base):
    __tablename__ = "assembly"
    __table_args__ = (
        not_negative(
            "current_call",
            "eligible_count",
            "present_count",
            "represented_count",
            "quorum_required",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    kind: Mapped[AssemblyKind] = mapped_column(enum_type(AssemblyKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[AssemblyStatus] = mapped_column(
        enum_type(AssemblyStatus), default=AssemblyStatus.DRAFT
    )
    # The statute version the assembly was convened under, and what its notice looked like.
    statute_id: Mapped[int | None] = reference("statute.id")
    notice_given_on: Mapped[date | None]
    # Free text beside the channels: which radio, which day, where the notice was posted.
    notice_details: Mapped[str] = mapped_column(sa.String(200), default="")
    notice_channels: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notice_verdict: Mapped[str | None] = mapped_column(sa.String(20))
    # The means the statute required that the notice did not use, as found at convening.
    notice_means_missing: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    call_times: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The call at which the session opened (or was last tried), and its quorum then.
    current_call: Mapped[int | None]
    # When the session really opened and closed, from the record: the minutes state these.
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    opening_figures: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    failed_calls: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    cancelled_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    # Frozen when the assembly closes, so later register changes never rewrite it.
    eligible_count: Mapped[int | None]
    present_count: Mapped[int | None]
    represented_count: Mapped[int | None]
    quorum_required: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="assembly", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )

    @property
    def is_editable(self) -> bool:
        return self.status == AssemblyStatus.DRAFT

    @property
    def is_in_session(self) -> bool:
        return self.status == AssemblyStatus.IN_SESSION

    @property
    def is_waiting(self) -> bool:
        """Convened, or waiting for a further call after one without quorum."""
        return self.status in WAITING

    @property
    def before_session(self) -> bool:
        """Draft, convened or waiting for a further call: the session has not opened yet."""
        return self.status in (AssemblyStatus.DRAFT, *WAITING)

    @property
    def takes_attendance(self) -> bool:
        """Members check in from the convening until the session closes."""
        return self.status in (*WAITING, AssemblyStatus.IN_SESSION)

    @property
    def next_call(self) -> int:
        """The call the assembly would open at now."""
        if self.status == AssemblyStatus.NO_QUORUM and self.current_call:
            return self.current_call + 1
        return self.current_call or 1

    def call_time(self, call: int) -> datetime | None:
        """When call number `call` is set for (None if the notice set no such call)."""
        if 1 <= call <= len(self.call_times):
            return datetime.fromisoformat(self.call_times[call - 1])
        return None

    def call_is_due(self, call: int) -> bool:
        """Whether call number `call` has come: no session opens, and no call fails, early."""
        scheduled = self.call_time(call)
        return scheduled is None or utcnow() >= scheduled

    @property
    def calls(self) -> list[tuple[int, datetime]]:
        """Each call of the notice with the time it is set for."""
        return [(n, datetime.fromisoformat(moment)) for n, moment in enumerate(self.call_times, 1)]

    def convene(
        self,
        statute_id: int,
        notice_given_on: date,
        channels: list[str],
        notes: str,
        verdict: str,
        means_missing: list[str],
        call_times: list[datetime],
    ) -> None:
        """Record the notice; only a draft with an agenda can be convened."""
        if self.status != AssemblyStatus.DRAFT:
            raise DomainError(_l("Only a draft assembly can be convened."))
        if not self.items:
            raise DomainError(_l("Add at least one agenda item before convening."))
        if notice_given_on > self.starts_at.date():
            raise DomainError(_l("The notice cannot be given after the assembly's date."))
        if not channels:
            raise DomainError(_l("Say how the notice was published."))
        self.statute_id, self.notice_given_on = statute_id, notice_given_on
        self.notice_channels, self.notice_details = channels, notes
        self.notice_verdict, self.notice_means_missing = verdict, means_missing
        self.call_times = [moment.isoformat() for moment in call_times]
        self.status = AssemblyStatus.CONVENED

    def open(self, call: int, figures: dict[str, Any]) -> None:
        """Open the session at `call`, its quorum reached."""
        if self.status not in WAITING:
            raise DomainError(_l("Only a convened assembly can open its session."))
        self.status, self.current_call = AssemblyStatus.IN_SESSION, call
        self.opened_at, self.opening_figures = utcnow(), figures

    def no_quorum(self, call: int, figures: dict[str, Any]) -> None:
        """Record that the quorum was not reached at `call`."""
        if self.status not in WAITING:
            raise DomainError(_l("Only a convened assembly can lack a quorum."))
        self.failed_calls = [*self.failed_calls, {"call": call, **figures}]
        self.status, self.current_call = AssemblyStatus.NO_QUORUM, call

    def close(self, eligible: int, present: int, represented: int, required: int) -> None:
        """End the session and freeze its quorum figures."""
        if self.status != AssemblyStatus.IN_SESSION:
            raise DomainError(_l("Only an assembly in session can be closed."))
        self.eligible_count, self.present_count = eligible, present
        self.represented_count, self.quorum_required = represented, required
        self.status, self.closed_at = AssemblyStatus.CLOSED, utcnow()

    def cancel(self, reason: str) -> None:
        """Call the assembly off before its session opens; the reason is kept."""
        if self.status not in (AssemblyStatus.DRAFT, *WAITING):
            raise DomainError(_l("An assembly in session or closed cannot be cancelled."))
        if not reason:
            raise DomainError(_l("Record the reason for cancelling."))
        self.cancelled_reason, self.status = reason, AssemblyStatus.CANCELLED


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (
        sa.UniqueConstraint("assembly_id", "position"),
        sa.CheckConstraint("position > 0", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    assembly_id: Mapped[int] = reference("assembly.id")
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[ItemKind] = mapped_column(enum_type(ItemKind))
    decision_kind: Mapped[DecisionKind] = mapped_column(
        enum_type(DecisionKind), default=DecisionKind.ORDINARY
    )
    # Added during the session by the assembly's own vote, not in the published agenda.
    added_in_session: Mapped[bool] = mapped_column(default=False)

    assembly: Mapped[Assembly] = relationship(back_populates="items")

    @property
    def is_voted(self) -> bool:
        return self.kind != ItemKind.INFORMATION


class Attendance(Base):
    """One line of the attendance book: a member present at an assembly."""

    __tablename__ = "attendance"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    assembly_id: Mapped[int] = reference("assembly.id")
    member_id: Mapped[int] = reference("member.id", index=True)
    arrived_at: Mapped[datetime] = mapped_column(default=utcnow)
    departed_at: Mapped[datetime | None]
    # "door" when checked in on the day, "paper" when copied from the signed sheet.
    source: Mapped[str] = mapped_column(sa.String(10), default="door")
    recorded_by_id: Mapped[int | None] = reference("user_account.id")

    member: Mapped[Member] = relationship()


class Proxy(Base):
    """A member present carrying the vote of an absent member, within the statute's limits."""

    __tablename__ = "proxy"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "represented_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    assembly_id: Mapped[int] = reference("assembly.id")
    holder_id: Mapped[int] = reference("member.id", index=True)
    represented_id: Mapped[int] = reference("member.id")
    document: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = reference("user_account.id")
    # When the holder first voted with it: a proxy used in this assembly no longer ends when
    # the represented member arrives.
    voted_at: Mapped[datetime | None]

    holder: Mapped[Member] = relationship(foreign_keys=[holder_id])
    represented: Mapped[Member] = relationship(foreign_keys=[represented_id])


class Voter(Base):
    """The roll of members entitled to vote, frozen when the session opens."""

    __tablename__ = "assembly_voter"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    assembly_id: Mapped[int] = reference("assembly.id")
    member_id: Mapped[int] = reference("member.id")


class Delegate(Base):
    """A member elected by their section to vote in a delegate assembly."""

    __tablename__ = "assembly_delegate"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    assembly_id: Mapped[int] = reference("assembly.id")
    member_id: Mapped[int] = reference("member.id")
    section: Mapped[str] = mapped_column(sa.String(120))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = reference("user_account.id")

    member: Mapped[Member] = relationship()


class ByLawAbstention(Base):
    """A member who may not vote on one agenda item by law (an officer on the accounts of
    their own management), marked by the secretary and counted out of that item's basis."""

    __tablename__ = "by_law_abstention"
    __table_args__ = (sa.UniqueConstraint("agenda_item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    agenda_item_id: Mapped[int] = reference("agenda_item.id")
    member_id: Mapped[int] = reference("member.id", index=True)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    marked_by_id: Mapped[int | None] = reference("user_account.id")

    member: Mapped[Member] = relationship()
