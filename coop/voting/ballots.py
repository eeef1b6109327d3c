"""Ballots cast from the phones: one per member and vote, by the member in the room or
their proxy holder, with a receipt; named or secret."""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from coop.assemblies.models import AgendaItem, Assembly, AssemblyStatus
from coop.assemblies.proxies import mark_used
from coop.assemblies.roll import may_vote_for, voter_condition
from coop.audit.services import unsealed_for_each, unsealed_insert, unsealed_values
from coop.auth.sessions import SessionKeys, is_live, still_live
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.transactions import insert_ignoring, insert_new
from coop.members.models import Member
from coop.voting.models import Ballot, Participation, Vote, VoteOption, VoteStatus
from coop.voting.rules import Channel, check_marks, receipt_code

REFUSALS = {
    "repeated": "An option is marked twice.",
    "unknown_option": "That option is not one of this vote's.",
    "too_many": "Too many options are marked.",
}


@dataclass(frozen=True)
class BallotOption:
    """An option as a ballot names it."""

    id: int
    key: str | None  # a motion's "yes", "no" or "abstain"
    label: str
    pictogram: str
    colour: str


@dataclass(frozen=True)
class BallotVote:
    """What casting a ballot needs of a vote, read as plain rows: the hall votes hundreds of
    times a minute, and the vote, its item, assembly and options built as mapped objects
    cost three times the query itself. Its state is as it was read: the ballot's own
    statement checks again, as it writes, that the vote is open."""

    id: int
    item_id: int
    assembly_id: int
    question: str
    secret: bool
    max_choices: int
    on_phones: bool
    is_open: bool
    in_session: bool
    options: tuple[BallotOption, ...]

    def option_by_key(self, key: str) -> BallotOption | None:
        """The option of a motion named yes, no or abstain."""
        return next((o for o in self.options if o.key == key), None)

    @classmethod
    def of(cls, vote: Vote) -> "BallotVote":
        """The same, from a vote already loaded."""
        item = vote.agenda_item
        options = [BallotOption(o.id, o.key, o.label, o.pictogram, o.colour) for o in vote.options]
        return cls(
            vote.id,
            item.id,
            item.assembly_id,
            vote.question,
            vote.secret,
            vote.max_choices,
            vote.on_phones,
            vote.is_open,
            item.assembly.is_in_session,
            tuple(options),
        )


def vote_for_ballot(org: Organization, assembly_id: int, vote_id: int) -> BallotVote | None:
    """The vote of this organization's assembly, with its options, in one query; a shared
    lock keeps it from closing while the ballot goes in (PostgreSQL), while ballots for it
    go in side by side."""
    values = {"vote_id": vote_id, "organization_id": org.id, "assembly_id": assembly_id}
    rows = db.session.connection().execute(_vote_for_ballot(), values).all()
    if not rows:
        return None
    first = rows[0]
    return BallotVote(
        first.id,
        first.item_id,
        first.assembly_id,
        first.question,
        first.secret,
        first.max_choices,
        Channel.ELECTRONIC in first.channels,
        first.status == VoteStatus.OPEN,
        first.assembly_status == AssemblyStatus.IN_SESSION,
        tuple(BallotOption(r.option_id, r.key, r.label, r.pictogram, r.colour) for r in rows),
    )


# The statements of a cast are built once (see `coop.core.transactions.insert_ignoring`).


@cache
def _vote_for_ballot() -> sa.Select:
    return (
        sa.select(
            Vote.id,
            AgendaItem.id.label("item_id"),
            AgendaItem.assembly_id,
            Vote.question,
            Vote.secret,
            Vote.max_choices,
            Vote.channels,
            Vote.status,
            Assembly.status.label("assembly_status"),
            VoteOption.id.label("option_id"),
            VoteOption.key,
            VoteOption.label,
            VoteOption.pictogram,
            VoteOption.colour,
        )
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .join(Assembly, Assembly.id == AgendaItem.assembly_id)
        .join(VoteOption, VoteOption.vote_id == Vote.id)
        .where(
            Vote.id == sa.bindparam("vote_id", type_=sa.Integer),
            Vote.organization_id == sa.bindparam("organization_id", type_=sa.Integer),
            Assembly.id == sa.bindparam("assembly_id", type_=sa.Integer),
        )
        .order_by(VoteOption.position)
        .with_for_update(read=True, of=Vote.__table__)
    )


@cache
def _register_statement(dialect: str, by_proxy: bool, in_session: bool) -> sa.Executable:
    columns = ("organization_id", "vote_id", "member_id", "cast_by_id", "channel", "recorded_at")
    # The vote is checked open again here, at the instant of writing: on SQLite the ballot
    # is written in a transaction of its own, after the one that read the vote.
    still_open = _open_in_session(sa.bindparam("vote_id", type_=sa.Integer))
    condition = sa.and_(voter_condition(by_proxy), still_open)
    if in_session:
        # And the login session it is cast in is still live: a session ended, or a new PIN
        # given, while the ballot waited for its turn to be written takes no ballot.
        condition = sa.and_(condition, still_live())
    return insert_ignoring(dialect, Participation, columns, condition)


def _open_in_session(vote_id: int | sa.BindParameter[int]) -> sa.Exists:
    """Whether the vote is open and its assembly in session, as the database has it."""
    return sa.exists().where(
        Vote.id == vote_id,
        Vote.status == VoteStatus.OPEN,
        AgendaItem.id == Vote.agenda_item_id,
        Assembly.id == AgendaItem.assembly_id,
        Assembly.status == AssemblyStatus.IN_SESSION,
    )


# A ballot's fields, given as the bind parameters "ballot_<field>".
BALLOT = ("receipt", "organization_id", "vote_id", "member_id", "cast_by_id", "marks")


def _ballot_fields() -> dict[str, sa.BindParameter]:
    table = Ballot.__table__
    return {key: sa.bindparam(f"ballot_{key}", type_=table.c[key].type) for key in BALLOT}


@cache
def _ballot_statement() -> sa.Insert:
    # The table's INSERT: the model's, run with values, would be an ORM bulk insert.
    return sa.insert(Ballot.__table__).values(_ballot_fields())


@cache
def _cast_in_one(by_proxy: bool, in_session: bool) -> sa.Select:
    """PostgreSQL: the register, the ballot and its audit event in one statement (one round
    trip instead of three); the ballot and the event go in only if the register took the
    voter. The new register row's id, or none."""
    registered = _register_statement("postgresql", by_proxy, in_session).cte("registered")
    ballot = sa.insert(Ballot.__table__).from_select(
        BALLOT, sa.select(*_ballot_fields().values()).select_from(registered)
    )
    event = unsealed_for_each(registered)
    return sa.select(registered.c.id).add_cte(ballot.cte("ballot"), event.cte("event"))


def marks_for(vote: Vote | BallotVote, chosen: list[int] | str) -> list[int]:
    """The option ids a ballot marks: given as ids, or for a motion as "yes", "no" or
    "abstain"; refused with the reason when the vote cannot count them."""
    if isinstance(chosen, str):
        option = vote.option_by_key(chosen)
        if option is None:
            raise DomainError(_("That option is not one of this vote's."))
        return [option.id]
    problem = check_marks(chosen, {o.id for o in vote.options}, vote.max_choices)
    if problem:
        raise DomainError(_(REFUSALS[problem]))
    return list(chosen)


def cast_ballot(
    org: Organization,
    vote: Vote | BallotVote,
    member: Member,
    chosen: list[int] | str,
    on_behalf_of: int | None = None,
    actor_id: int | None = None,
    session: SessionKeys | None = None,
) -> str:
    """Cast the ballot of `on_behalf_of` (or the member's own) and return its receipt code.
    The register of who voted takes the member first, with every condition checked in the
    same statement, so that two requests at once can never both get in."""
    if isinstance(vote, Vote):
        vote = BallotVote.of(vote)
    if not vote.is_open or not vote.in_session or not vote.on_phones:
        raise DomainError(_("This vote is closed."))
    marks = marks_for(vote, chosen)
    voter_id = on_behalf_of or member.id
    by_proxy = voter_id != member.id
    receipt = receipt_code()
    ballot = {
        "ballot_receipt": receipt,
        "ballot_organization_id": org.id,
        "ballot_vote_id": vote.id,
        "ballot_member_id": None if vote.secret else voter_id,
        "ballot_cast_by_id": None if vote.secret else member.id,
        "ballot_marks": marks,
    }
    data: dict[str, object] = {"vote_id": vote.id, "member_id": voter_id, "cast_by": member.id}
    if not vote.secret:
        data["marks"], data["receipt"] = marks, receipt
    if session is not None:
        data["session"] = session.sid
    # A secret ballot's event says only that the member took part.
    event = unsealed_values(org, actor_id, "ballot.cast", "vote", vote.id, data)
    register = _register_values(org, vote, member.id, voter_id)
    if session is not None:
        register.update(session.values())
    if not _write(by_proxy, session is not None, register, ballot, event):
        _refuse(vote, member.id, voter_id, session)
    if by_proxy:
        mark_used(vote.assembly_id, member.id, voter_id)
    return receipt


def _register_values(
    org: Organization, vote: BallotVote, member_id: int, voter_id: int
) -> dict[str, object]:
    """The register's row and the condition's parameters (see `_register_statement`)."""
    return {
        "organization_id": org.id,
        "vote_id": vote.id,
        "member_id": voter_id,
        "cast_by_id": member_id,
        "channel": Channel.ELECTRONIC,
        "recorded_at": utcnow(),
        "assembly_id": vote.assembly_id,
        "item_id": vote.item_id,
        "caster_id": member_id,
        "voter_id": voter_id,
    }


def _write(
    by_proxy: bool,
    in_session: bool,
    register: dict[str, object],
    ballot: dict[str, object],
    event: dict[str, object],
) -> bool:
    """Enter the voter in the register of who voted if, at this instant, they may vote (the
    vote is open, the member is in the room and on the roll, the ballot is theirs or one
    they carry by proxy, the voter does not abstain by law and has not voted; with
    `in_session`, the login session it is cast in is live), and only then write the ballot
    and its audit event. Whether it was written."""
    dialect = db.session.get_bind().dialect.name
    connection = db.session.connection()
    if dialect == "postgresql":
        values = {**register, **ballot, **event}
        return connection.scalar(_cast_in_one(by_proxy, in_session), values) is not None
    if insert_new(_register_statement(dialect, by_proxy, in_session), register) is None:
        return False
    connection.execute(_ballot_statement(), ballot)
    connection.execute(unsealed_insert(), event)
    return True


def _refuse(vote: BallotVote, member_id: int, voter_id: int, session: SessionKeys | None) -> None:
    """Say why the register refused the ballot (the slow path: only on a refusal)."""
    if session is not None and not is_live(session):
        raise DomainError(_("Your session has ended. Log in again to vote."))
    if not db.session.scalar(sa.select(_open_in_session(vote.id))):
        raise DomainError(_("This vote is closed."))
    standing = may_vote_for(vote.assembly_id, vote.item_id, member_id, voter_id)
    if not standing.present:
        raise DomainError(_("Check in at the assembly before voting."))
    if not standing.allowed:
        raise DomainError(_("You do not carry a proxy for this member."))
    if standing.barred:
        raise DomainError(_("By law this member does not vote on this item."))
    raise DomainError(_("This ballot is already cast."))


@dataclass(frozen=True)
class Receipt:
    """A receipt published after the vote closes, with what that ballot marked."""

    code: str
    labels: tuple[str, ...]


def published_receipts(vote: Vote) -> list[Receipt]:
    """Every ballot's receipt with its marks, in receipt order, once the vote is closed: each
    voter can find theirs; nobody learns anyone else's choice."""
    if vote.status != VoteStatus.CLOSED:
        return []
    labels = {option.id: option.label for option in vote.options}
    rows = db.session.execute(
        sa.select(Ballot.receipt, Ballot.marks)
        .where(Ballot.vote_id == vote.id)
        .order_by(Ballot.receipt)
    )
    return [Receipt(code, tuple(labels[m] for m in marks)) for code, marks in rows]


def voted_in(votes: list[Vote], member_ids: list[int]) -> set[tuple[int, int]]:
    """(vote id, member id) of these members who have voted in these votes, by any channel."""
    if not votes or not member_ids:
        return set()
    rows = db.session.execute(
        sa.select(Participation.vote_id, Participation.member_id).where(
            Participation.vote_id.in_([v.id for v in votes]),
            Participation.member_id.in_(member_ids),
        )
    )
    return {(vote_id, member_id) for vote_id, member_id in rows}


def open_votes(org: Organization, assembly: Assembly) -> list[Vote]:
    """The votes of an assembly open on the phones now, in agenda order."""
    return list(
        db.session.scalars(
            sa.select(Vote)
            .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
            .where(
                Vote.organization_id == org.id,
                AgendaItem.assembly_id == assembly.id,
                Vote.status == VoteStatus.OPEN,
            )
            .options(contains_eager(Vote.agenda_item), selectinload(Vote.options))
            .order_by(AgendaItem.position, Vote.id)
        )
    )
