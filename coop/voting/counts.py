"""Counting a vote: ballots from the phones, the paper ballots the scrutineers counted, or a
show of hands; and the register of who voted on paper, shared with the phones."""

import random

import sqlalchemy as sa
from flask_babel import format_number

from coop.assemblies.roll import own_standings
from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.members.rules import numbers_in
from coop.members.services import listed_members
from coop.statutes.rules import Quorum
from coop.voting.abstentions import CountedOut
from coop.voting.models import Ballot, ChannelCount, Participation, Vote, option_key
from coop.voting.rules import Channel, Counts


def enter_counts(
    org: Organization, vote: Vote, channel: Channel, counts: Counts, actor_id: int | None
) -> None:
    """The counts of a show of hands, or of the paper ballots, replacing an earlier entry of
    the same channel while the vote is open. Checked against the room when the vote closes."""
    if not vote.is_open:
        raise DomainError(_("This vote is closed."))
    if channel == Channel.ELECTRONIC or channel.value not in vote.channels:
        raise DomainError(_("This vote is not taken that way."))
    known = {option.id for option in vote.options}
    if any(option_id not in known for option_id in counts.options):
        raise DomainError(_("That option is not one of this vote's."))
    if min([counts.blank, counts.spoiled, *counts.options.values()], default=0) < 0:
        raise DomainError(_("A count cannot be negative."))
    db.session.execute(
        sa.delete(ChannelCount).where(
            ChannelCount.vote_id == vote.id, ChannelCount.channel == channel
        )
    )
    rows = [(option_key(option_id), n) for option_id, n in counts.options.items()]
    rows += [("blank", counts.blank), ("spoiled", counts.spoiled)]
    for key, count in rows:
        db.session.add(
            ChannelCount(
                organization_id=org.id,
                vote_id=vote.id,
                channel=channel,
                key=key,
                count=count,
                entered_by_id=actor_id,
                entered_at=utcnow(),
            )
        )
    record(
        org,
        actor_id,
        "vote.counts_entered",
        vote,
        channel=channel.value,
        counts={key: count for key, count in rows},
    )


def record_paper_voters(org: Organization, vote: Vote, numbers: str, actor_id: int | None) -> int:
    """Tick off the members who put a paper ballot in the box, all of them or none: each must
    be in the room and on the roll, and may not have voted on the phone already."""
    if not vote.is_open or not vote.on_paper:
        raise DomainError(_("This vote takes no paper ballots now."))
    assembly = vote.agenda_item.assembly
    wanted = numbers_in(numbers)
    if not wanted:
        raise DomainError(_("Type the numbers of the members who voted on paper."))
    rows = listed_members(org, wanted)
    standings = own_standings(assembly.id, vote.agenda_item_id, [m.id for m in rows])
    for member in rows:
        standing = standings[member.id]
        if not standing.present:
            raise DomainError(
                _("%(name)s is not in the room, so cannot vote.", name=member.full_name)
            )
        if standing.barred:
            raise DomainError(
                _("By law %(name)s does not vote on this item.", name=member.full_name)
            )
    already = set(
        db.session.scalars(
            sa.select(Participation.member_id).where(
                Participation.vote_id == vote.id,
                Participation.member_id.in_([m.id for m in rows]),
            )
        )
    )
    for member in rows:
        if member.id in already:
            raise DomainError(_("%(name)s has already voted in this vote.", name=member.full_name))
    now = utcnow()
    db.session.execute(
        sa.insert(Participation),
        [
            {
                "organization_id": org.id,
                "vote_id": vote.id,
                "member_id": member.id,
                "cast_by_id": member.id,
                "channel": Channel.PAPER,
                "recorded_at": now,
            }
            for member in rows
        ],
    )
    record(org, actor_id, "vote.paper_voters", vote, members=[m.id for m in rows])
    return len(rows)


def participants(vote: Vote) -> dict[Channel, int]:
    """How many members voted through each channel so far."""
    rows = db.session.execute(
        sa.select(Participation.channel, sa.func.count())
        .where(Participation.vote_id == vote.id)
        .group_by(Participation.channel)
    )
    return {Channel(channel): count for channel, count in rows}


def voted_counts(vote_ids: list[int]) -> dict[int, int]:
    """How many members have voted so far in each of these votes, by any channel."""
    if not vote_ids:
        return {}
    rows = db.session.execute(
        sa.select(Participation.vote_id, sa.func.count())
        .where(Participation.vote_id.in_(vote_ids))
        .group_by(Participation.vote_id)
    )
    return {vote_id: count for vote_id, count in rows}


def tally(org: Organization, vote: Vote, panel: Quorum, out: CountedOut) -> Counts:
    """Every channel's counts added up, after checking them against the room: paper ballots
    equal the members ticked off as voting on paper; hands never outnumber those who may
    raise them."""
    entered = _entered_counts(vote)
    if vote.by_hands:
        hands = entered.get(Channel.SHOW_OF_HANDS, Counts())
        voters = panel.counted - out.in_room
        if out.in_room and hands.ballots > voters:
            raise DomainError(
                _(
                    "%(total)s votes counted, but only %(voters)s members present may vote on "
                    "this item: %(out)s abstain by law.",
                    total=format_number(hands.ballots),
                    voters=format_number(voters),
                    out=format_number(out.in_room),
                )
            )
        if hands.ballots > voters:
            raise DomainError(
                _(
                    "%(total)s votes counted, but only %(present)s members are present.",
                    total=format_number(hands.ballots),
                    present=format_number(voters),
                )
            )
        return hands
    total = Counts()
    if vote.on_phones:
        total = total + _ballot_counts(vote)
    if vote.on_paper:
        paper = entered.get(Channel.PAPER)
        voted_on_paper = participants(vote).get(Channel.PAPER, 0)
        if paper is None and voted_on_paper:
            raise DomainError(_("Enter the count of the paper ballots before closing."))
        paper = paper or Counts()
        if paper.ballots != voted_on_paper:
            raise DomainError(
                _(
                    "%(ballots)s paper ballots counted, but %(voters)s members voted on paper.",
                    ballots=format_number(paper.ballots),
                    voters=format_number(voted_on_paper),
                )
            )
        total = total + paper
    return total


def _entered_counts(vote: Vote) -> dict[Channel, Counts]:
    found: dict[Channel, dict[str, int]] = {}
    rows = db.session.execute(
        sa.select(ChannelCount.channel, ChannelCount.key, ChannelCount.count).where(
            ChannelCount.vote_id == vote.id
        )
    )
    for channel, key, count in rows:
        found.setdefault(Channel(channel), {})[key] = count
    return {
        channel: Counts(
            {int(k.split("-", 1)[1]): n for k, n in keys.items() if k.startswith("option-")},
            keys.get("blank", 0),
            keys.get("spoiled", 0),
        )
        for channel, keys in found.items()
    }


def _ballot_counts(vote: Vote) -> Counts:
    options: dict[int, int] = {option.id: 0 for option in vote.options}
    blank = 0
    for marks in db.session.scalars(sa.select(Ballot.marks).where(Ballot.vote_id == vote.id)):
        if not marks:
            blank += 1
        for option_id in marks:
            options[option_id] = options.get(option_id, 0) + 1
    return Counts(options, blank)


def shuffle_ballots(vote: Vote) -> None:
    """Rewrite a secret vote's ballots in a random order, so that where they lie in the
    database says nothing of when they were cast (SQLite already keeps them by receipt)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    ballots = db.session.execute(
        sa.select(Ballot.receipt, Ballot.organization_id, Ballot.marks).where(
            Ballot.vote_id == vote.id
        )
    ).all()
    random.SystemRandom().shuffle(ballots)
    db.session.execute(sa.delete(Ballot).where(Ballot.vote_id == vote.id))
    if ballots:
        db.session.execute(
            sa.insert(Ballot),
            [
                {"receipt": r, "organization_id": o, "vote_id": vote.id, "marks": m}
                for r, o, m in ballots
            ],
        )
