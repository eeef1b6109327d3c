"""A vote on an agenda item and the ballots members cast in it."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.assemblies.models import AgendaItem
from coop.core.db import Base, enum_type, not_negative, reference, tenant_key, utcnow
from coop.core.errors import DomainError
from coop.core.i18n import _l
from coop.statutes.rules import Outcome, Quorum
from coop.voting.rules import Choice, Tally


class VoteMethod(enum.StrEnum):
    SHOW_OF_HANDS = "show_of_hands"
    ELECTRONIC = "electronic"


class VoteStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Vote(Base):
    """The vote on one agenda item; its counts and outcome are stored when it closes."""

    __tablename__ = "vote"
    __table_args__ = (
        not_negative(
            "yes",
            "no",
            "abstain",
            "present_at_vote",
            "represented_at_vote",
            "eligible_at_vote",
            "quorum_required",
            "abstained_by_law",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    agenda_item_id: Mapped[int] = reference("agenda_item.id", unique=True)
    method: Mapped[VoteMethod] = mapped_column(enum_type(VoteMethod))
    status: Mapped[VoteStatus] = mapped_column(enum_type(VoteStatus), default=VoteStatus.OPEN)
    yes: Mapped[int] = mapped_column(default=0)
    no: Mapped[int] = mapped_column(default=0)
    abstain: Mapped[int] = mapped_column(default=0)
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
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    agenda_item: Mapped[AgendaItem] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN

    def record(self, result: Tally, outcome: Outcome, rule: str, quorum: Quorum) -> None:
        """Close the vote with its counts, outcome, rule and the quorum at that moment."""
        if not self.is_open:
            raise DomainError(_l("This vote is already closed."))
        self.yes, self.no, self.abstain = result.yes, result.no, result.abstain
        self.outcome, self.majority_rule = outcome, rule
        self.present_at_vote, self.represented_at_vote = quorum.present, quorum.represented
        self.eligible_at_vote, self.quorum_required = quorum.eligible, quorum.required
        self.status = VoteStatus.CLOSED
        self.closed_at = utcnow()


class Ballot(Base):
    """One member's electronic vote; the unique constraint makes it one per member."""

    __tablename__ = "ballot"
    __table_args__ = (sa.UniqueConstraint("vote_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    vote_id: Mapped[int] = reference("vote.id")
    member_id: Mapped[int] = reference("member.id", index=True)
    # Set when a member present cast it for the absent member they represent.
    proxy_holder_id: Mapped[int | None] = reference("member.id")
    choice: Mapped[Choice] = mapped_column(enum_type(Choice))
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)
