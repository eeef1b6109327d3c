"""Officers as plain values, for the layers above (evidence, exports, the API): who held
which position for which term, and the vote and assembly that elected them."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from coop.assemblies.models import AgendaItem
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.voting.models import Officer, Vote


@dataclass(frozen=True)
class OfficerTerm:
    member_id: int
    number: str
    given_names: str
    surnames: str
    sex: str
    birth_date: date | None
    birth_year: int | None
    position: str  # "board", "oversight" or "delegate"
    term_start: date
    term_end: date
    vote_id: int | None  # the election that seated them (None: entered without one)
    assembly_id: int | None


def officer_terms(org: Organization) -> list[OfficerTerm]:
    """Every term of every officer of the organization, by position and start, in one query."""
    rows = db.session.execute(
        sa.select(
            Officer.member_id,
            Member.number,
            Member.given_names,
            Member.surnames,
            Member.sex,
            Member.birth_date,
            Member.birth_year,
            Officer.position,
            Officer.term_start,
            Officer.term_end,
            Officer.elected_by_id,
            AgendaItem.assembly_id,
        )
        .join(Member, Member.id == Officer.member_id)
        .outerjoin(Vote, Vote.id == Officer.elected_by_id)
        .outerjoin(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(Officer.organization_id == org.id)
        .order_by(Officer.position, Officer.term_start, Member.number)
    )
    return [
        OfficerTerm(
            member_id,
            number,
            given,
            surnames,
            sex.value,
            birth_date,
            birth_year,
            position.value,
            start,
            end,
            vote_id,
            assembly_id,
        )
        for (
            member_id,
            number,
            given,
            surnames,
            sex,
            birth_date,
            birth_year,
            position,
            start,
            end,
            vote_id,
            assembly_id,
        ) in rows
    ]
