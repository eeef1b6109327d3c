"""Votes on agenda items: their options, who voted (shared by every channel), the ballots
cast from phones, the counts entered for paper and show of hands, and the officers an
election produces."""

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.assemblies.models import AgendaItem
from coop.core.db import Base, enum_type, not_negative, reference, tenant_key, utcnow
from coop.core.errors import DomainError
from coop.core.i18n import _l
from coop.members.models import Member
from coop.statutes.rules import Outcome, Position, TieBreak
from coop.voting.rules import Channel, ElectionMethod, VoteKind


class VoteStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Vote(Base):
    """One vote on an agenda item (an item may have several: an amendment, then the motion;
    a run-off after a tie). Its result is stored when it closes, with the rule applied and
    the quorum at that moment, so that it can be recomputed and explained later."""

    __tablename__ = "vote"
    __table_args__ = (
        not_negative(
            "present_at_vote",
            "represented_at_vote",
            "eligible_at_vote",
            "quorum_required",
            "abstained_by_law",
            "blank",
            "spoiled",
        ),
        sa.CheckConstraint("seats >= 1 AND max_choices >= 1", name="seats_and_choices"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    agenda_item_id: Mapped[int] = reference("agenda_item.id", index=True)
    kind: Mapped[VoteKind] = mapped_column(enum_type(VoteKind), default=VoteKind.MOTION)
    question: Mapped[str] = mapped_column(sa.String(300), default="")
    secret: Mapped[bool] = mapped_column(default=False)
    # "electronic" and/or "paper", or "show_of_hands" alone.
    channels: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    seats: Mapped[int] = mapped_column(default=1)
    max_choices: Mapped[int] = mapped_column(default=1)
    election_method: Mapped[ElectionMethod | None] = mapped_column(enum_type(ElectionMethod))
    position: Mapped[Position | None] = mapped_column(enum_type(Position))
    # A run-off or repeated vote after a tie names the vote it follows.
    follows_id: Mapped[int | None] = reference("vote.id")
    status: Mapped[VoteStatus] = mapped_column(enum_type(VoteStatus), default=VoteStatus.OPEN)
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome))
    # The statute's rule applied, as ">1/2 votes_cast" or "2/3 present".
    majority_rule: Mapped[str] = mapped_column(sa.String(40), default="")
    # The quorum at the moment of the vote, kept with the result.
    present_at_vote: Mapped[int | None]
    represented_at_vote: Mapped[int | None]
    eligible_at_vote: Mapped[int | None]
    quorum_required: Mapped[int | None]
    # Members in the room who abstained by law on the item, counted out of its basis.
    abstained_by_law: Mapped[int] = mapped_column(default=0, server_default="0")
    blank: Mapped[int] = mapped_column(default=0, server_default="0")
    spoiled: Mapped[int] = mapped_column(default=0, server_default="0")
    # How a tie was settled: the statute's way, and for a lot, what was drawn and by whom.
    tie_break: Mapped[TieBreak | None] = mapped_column(enum_type(TieBreak))
    tie_note: Mapped[str] = mapped_column(sa.String(500), default="")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    agenda_item: Mapped[AgendaItem] = relationship()
    options: Mapped[list["VoteOption"]] = relationship(
        order_by="VoteOption.position", cascade="all, delete-orphan", back_populates="vote"
    )

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN

    @property
    def by_hands(self) -> bool:
        return Channel.SHOW_OF_HANDS in self.channels

    @property
    def on_phones(self) -> bool:
        return Channel.ELECTRONIC in self.channels

    @property
    def on_paper(self) -> bool:
        return Channel.PAPER in self.channels

    def option_by_key(self, key: str) -> "VoteOption | None":
        """The option of a motion named yes, no or abstain."""
        return next((o for o in self.options if o.key == key), None)

    def close(self, outcome: Outcome, rule: str, figures: dict[str, int]) -> None:
        """Close the vote with its outcome, the rule applied and the quorum at that moment."""
        if not self.is_open:
            raise DomainError(_l("This vote is already closed."))
        self.outcome, self.majority_rule = outcome, rule
        self.present_at_vote = figures["present"]
        self.represented_at_vote = figures["represented"]
        self.eligible_at_vote = figures["eligible"]
        self.quorum_required = figures["required"]
        self.status, self.closed_at = VoteStatus.CLOSED, utcnow()


class VoteOption(Base):
    """An option of a vote: yes/no/abstain of a motion, a choice, or a candidate."""

    __tablename__ = "vote_option"
    __table_args__ = (
        sa.UniqueConstraint("vote_id", "position"),
        not_negative("total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    vote_id: Mapped[int] = reference("vote.id", ondelete="CASCADE")
    position: Mapped[int]
    # "yes", "no" or "abstain" for a motion's options; None for the others.
    key: Mapped[str | None] = mapped_column(sa.String(10))
    label: Mapped[str] = mapped_column(sa.String(200))
    # The member standing, for a candidate in an election.
    member_id: Mapped[int | None] = reference("member.id")
    # What a member who reads little recognizes: a sign and a colour, never the colour alone.
    pictogram: Mapped[str] = mapped_column(sa.String(8), default="")
    colour: Mapped[str] = mapped_column(sa.String(20), default="")
    # All channels together, when the vote closes.
    total: Mapped[int | None]
    elected: Mapped[bool] = mapped_column(default=False)

    vote: Mapped[Vote] = relationship(back_populates="options")
    member: Mapped[Member | None] = relationship()


class Participation(Base):
    """The register of who voted, shared by every channel: one row per member and vote, so a
    member who voted on the phone cannot also be counted on paper. It says nothing of what
    they chose."""

    __tablename__ = "vote_participation"
    __table_args__ = (sa.UniqueConstraint("vote_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    vote_id: Mapped[int] = reference("vote.id")
    # The member whose vote it is, and who cast it (their proxy holder, or themself).
    member_id: Mapped[int] = reference("member.id", index=True)
    cast_by_id: Mapped[int] = reference("member.id")
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ballot(Base):
    """A ballot cast from a phone. Its key is the voter's receipt code, random: a secret
    ballot carries no member, no time and no sequence that tells the order of voting; a named
    one names the member it was cast for and who cast it."""

    __tablename__ = "ballot"
    __table_args__ = (
        sa.UniqueConstraint("vote_id", "member_id"),
        sa.Index("ix_ballot_vote_id", "vote_id"),
        # On SQLite the rows are kept in receipt order, not in the order they came in.
        {"sqlite_with_rowid": False},
    )

    receipt: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    organization_id: Mapped[int] = reference("organization.id")
    vote_id: Mapped[int] = reference("vote.id")
    member_id: Mapped[int | None] = reference("member.id")
    cast_by_id: Mapped[int | None] = reference("member.id")
    # The ids of the options marked; none is a blank ballot.
    marks: Mapped[list[int]] = mapped_column(sa.JSON, default=list)


class ChannelCount(Base):
    """A count entered for a channel other than the phones: a show of hands, or the paper
    ballots the scrutineers counted (per option, blank, spoiled)."""

    __tablename__ = "vote_count"
    __table_args__ = (sa.UniqueConstraint("vote_id", "channel", "key"), not_negative("count"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    vote_id: Mapped[int] = reference("vote.id")
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    # "option-<id>", "blank" or "spoiled".
    key: Mapped[str] = mapped_column(sa.String(20))
    count: Mapped[int]
    entered_by_id: Mapped[int | None] = reference("user_account.id")
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Officer(Base):
    """A member holding a position (board, oversight committee, delegate) for a term,
    elected by a vote of the assembly."""

    __tablename__ = "officer"
    __table_args__ = (sa.CheckConstraint("term_end >= term_start", name="term_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    member_id: Mapped[int] = reference("member.id", index=True)
    position: Mapped[Position] = mapped_column(enum_type(Position))
    term_start: Mapped[date]
    term_end: Mapped[date]
    elected_by_id: Mapped[int | None] = reference("vote.id")

    member: Mapped[Member] = relationship()

    def serves_on(self, day: date) -> bool:
        """Whether the term covers `day`."""
        return self.term_start <= day <= self.term_end


def option_key(option_id: int) -> str:
    """The key of a count for one option."""
    return f"option-{option_id}"


def figures_of(vote: Vote) -> dict[str, Any]:
    """The stored result of a vote as plain values, for the audit trail."""
    return {
        "agenda_item_id": vote.agenda_item_id,
        "kind": vote.kind.value,
        "channels": list(vote.channels),
        "secret": vote.secret,
        "totals": {o.label: o.total for o in vote.options},
        "elected": [o.label for o in vote.options if o.elected],
        "blank": vote.blank,
        "spoiled": vote.spoiled,
        "outcome": vote.outcome.value if vote.outcome else None,
        "majority_rule": vote.majority_rule,
        "present": vote.present_at_vote,
        "represented": vote.represented_at_vote,
        "eligible": vote.eligible_at_vote,
        "quorum_required": vote.quorum_required,
        "abstained_by_law": vote.abstained_by_law,
    }
