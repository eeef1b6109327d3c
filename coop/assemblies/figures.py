"""Figures of many assemblies at once, for the evidence and its charts: who was in each
room (women, young people) and how long each frozen roll was, in one query each."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from coop.assemblies.models import Attendance, Voter
from coop.core.dates import shift_years
from coop.core.extensions import db
from coop.members.models import Member
from coop.members.rules import Sex


@dataclass(frozen=True)
class RoomProfile:
    """Lines of one attendance book: in all, women, young people, and those the register
    does not say the sex or the age of."""

    total: int = 0
    women: int = 0
    young: int = 0
    sex_unknown: int = 0
    age_unknown: int = 0


def room_profiles(days: dict[int, date], youth_max_age: int) -> dict[int, RoomProfile]:
    """The attendance book of each assembly (id -> its date), counted by sex and youth on
    that date (young: at most `youth_max_age` years old)."""
    if not days:
        return {}
    # Born after this day (or in this year or later, when only the year is known): young.
    born_after = {i: shift_years(day, -(youth_max_age + 1)) for i, day in days.items()}
    first_year = {i: day.year - youth_max_age for i, day in days.items()}
    young = sa.case(
        (
            Member.birth_date.is_not(None),
            Member.birth_date > sa.case(born_after, value=Attendance.assembly_id),
        ),
        (
            Member.birth_year.is_not(None),
            Member.birth_year >= sa.case(first_year, value=Attendance.assembly_id),
        ),
        else_=None,
    ).label("young")
    rows = db.session.execute(
        sa.select(Attendance.assembly_id, Member.sex, young, sa.func.count())
        .join(Member, Member.id == Attendance.member_id)
        .where(Attendance.assembly_id.in_(list(days)))
        .group_by(Attendance.assembly_id, Member.sex, young)
    )
    counts: dict[int, list[int]] = {i: [0, 0, 0, 0, 0] for i in days}
    for assembly_id, sex, is_young, count in rows:
        row = counts[assembly_id]
        row[0] += count
        row[1] += count if sex == Sex.FEMALE else 0
        row[2] += count if is_young else 0
        row[3] += count if sex == Sex.NOT_STATED else 0
        row[4] += count if is_young is None else 0
    return {i: RoomProfile(*row) for i, row in counts.items()}


def roll_sizes(assembly_ids: list[int]) -> dict[int, int]:
    """Members on the roll frozen at each assembly's opening (0: never opened)."""
    rows = db.session.execute(
        sa.select(Voter.assembly_id, sa.func.count())
        .where(Voter.assembly_id.in_(assembly_ids))
        .group_by(Voter.assembly_id)
    )
    sizes = dict.fromkeys(assembly_ids, 0)
    sizes.update({assembly_id: count for assembly_id, count in rows})
    return sizes
