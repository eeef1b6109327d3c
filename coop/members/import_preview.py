"""Setting a file's members against the register: new, changed, unchanged, or another person.

No database: the register comes in as plain values (`Registered`), the result is a `Preview`
of plain values that imports.py keeps with the upload until the apply (see import_codec), as
long as the register does not change in between.
"""

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coop.members.import_plan import DroppedColumn, MemberPlan, Problem
from coop.members.rules import (
    Correction,
    HistoryEntry,
    MemberStatus,
    admission_of,
    first_later_change,
    in_force,
    same_person,
)
from coop.members.services import MEMBER_FIELDS, UNIT_FIELDS, clean_member
from coop.members.standing_rules import (
    StandingPeriod,
    dues_paid_until,
    initial_periods,
    standing_on,
    stated_periods,
)


class Kind(enum.StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"  # the number is another person's in the register


@dataclass
class Registered:
    """A member already in the register, as plain values."""

    id: int
    status: MemberStatus
    values: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)
    entries: list[HistoryEntry] = field(default_factory=list)
    standing: list[StandingPeriod] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.values['given_names']} {self.values['surnames']}"


@dataclass
class Planned:
    """What applying the file does to one member."""

    number: str
    line: int
    name: str
    kind: Kind
    values: dict[str, Any]  # the member's fields once imported
    member_id: int | None = None
    registered_name: str = ""
    status_after: MemberStatus = MemberStatus.ACTIVE
    status: MemberStatus | None = None  # a change of status to record
    status_since: date | None = None  # its date; None when the file does not give it
    units: list[dict[str, Any]] | None = None  # the units to write, None to keep them
    corrections: list[Correction] = field(default_factory=list)
    standing: list[StandingPeriod] = field(default_factory=list)
    changes: dict[str, list[Any]] = field(default_factory=dict)  # field: [before, after]
    problems: list[Problem] = field(default_factory=list)

    @property
    def date_unknown(self) -> bool:
        return self.status not in (None, MemberStatus.ACTIVE) and self.status_since is None

    @property
    def writable(self) -> bool:
        return not self.problems and self.kind in (Kind.NEW, Kind.UPDATE, Kind.CONFLICT)


@dataclass
class Preview:
    """Every member of the file set against the register; a kept plan (import_codec) holds
    only the members that can be written, and counts the others in `left_out`."""

    items: list[Planned]
    orphans: list[Problem]
    missing: list[str]
    dropped: list[DroppedColumn] = field(default_factory=list)
    left_out: int = 0

    @property
    def problems(self) -> list[Problem]:
        found = [p for item in self.items for p in item.problems] + self.orphans
        return sorted(found, key=lambda p: (p.line or 0, p.column or ""))

    def count(self, kind: str) -> int:
        return sum(1 for p in self.items if p.kind == kind and not p.problems)

    def valid(self, kind: str) -> list[Planned]:
        return [p for p in self.items if p.kind == kind and not p.problems]

    @property
    def invalid_members(self) -> int:
        with_problems = sum(1 for p in self.items if p.problems)
        return with_problems + len({p.line for p in self.orphans}) + self.left_out

    @property
    def unknown_dates(self) -> int:
        return sum(1 for p in self.items if p.writable and p.date_unknown)


# A unit's fields when the file leaves them empty, as the register holds them.
UNIT_BLANKS: dict[str, Any] = {
    **dict.fromkeys(UNIT_FIELDS),
    "organic": False,
    "spp": False,
    "fair_trade": False,
}


def _same_units(registered: list[dict[str, Any]], given: list[dict[str, Any]]) -> bool:
    return registered == [{**UNIT_BLANKS, **unit} for unit in given]


def unit_text(unit: dict[str, Any]) -> dict[str, str]:
    """A production unit as text, for previews and the audit trail: what it holds, an
    area of 0 included; a missing number or certification is left out."""
    text = {}
    for key in UNIT_FIELDS:
        value = unit.get(key)
        if value is not None and value is not False:
            text[key] = str(value)
    return text


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _refused(plan: MemberPlan, kind: Kind, registered: Registered | None = None) -> Planned:
    """A member with problems: nothing of it is written, so nothing more is worked out."""
    given = plan.member
    name = f"{given.get('given_names', '')} {given.get('surnames', '')}".strip()
    member_id = registered.id if registered else None
    return Planned(plan.number, plan.lines[0], name, kind, {}, member_id, problems=plan.problems)


def plan_new(plan: MemberPlan, today: date) -> Planned:
    """A member the register does not have yet."""
    if plan.problems:
        return _refused(plan, Kind.NEW)
    values = clean_member(plan.member)
    status = plan.status if plan.status not in (None, MemberStatus.ACTIVE) else None
    stated = plan.standing
    return Planned(
        plan.number,
        plan.lines[0],
        f"{values['given_names']} {values['surnames']}",
        Kind.NEW,
        values,
        status_after=plan.status or MemberStatus.ACTIVE,
        status=status,
        status_since=plan.status_since if status else None,
        units=plan.units,
        standing=initial_periods(
            values["joined_on"], stated.in_good_standing, stated.dues_paid_until, today
        ),
        problems=plan.problems,
    )


def plan_update(
    plan: MemberPlan, registered: Registered, units_mapped: bool, today: date
) -> Planned:
    """A member of the register as the file would leave them."""
    if plan.problems:
        return _refused(plan, Kind.UPDATE, registered)
    values = clean_member({**registered.values, **plan.member})
    before = registered.values
    item = Planned(
        plan.number,
        plan.lines[0],
        f"{values['given_names']} {values['surnames']}",
        Kind.UPDATE,
        values,
        member_id=registered.id,
        registered_name=registered.name,
        status_after=registered.status,
        changes={
            k: [_text(before[k]), _text(values[k])] for k in MEMBER_FIELDS if before[k] != values[k]
        },
        problems=plan.problems,
    )
    _join_date(item, registered)
    _status(item, plan, registered)
    if units_mapped and not _same_units(registered.units, plan.units):
        old, new = [unit_text(u) for u in registered.units], [unit_text(u) for u in plan.units]
        item.units, item.changes["units"] = plan.units, [old, new]
    _standing(item, plan, registered, today)
    if not item.changes:
        item.kind = Kind.UNCHANGED
    elif not same_person(
        item.name, values.get("national_id"), registered.name, registered.values["national_id"]
    ):
        item.kind = Kind.CONFLICT
    else:
        item.registered_name = ""  # said only of another person under the number
    return item


def _join_date(item: Planned, registered: Registered) -> None:
    joined, was = item.values["joined_on"], registered.values["joined_on"]
    if joined == was:
        return
    later = first_later_change(registered.entries)
    admission = admission_of(registered.entries)
    if later is not None and joined > later:
        item.problems.append(
            Problem(item.line, None, "join_after_history", {"date": later.isoformat()})
        )
    elif admission is not None:
        item.corrections.append(
            Correction(admission.id, MemberStatus.ACTIVE, joined, was, "join_date")
        )


def _status(item: Planned, plan: MemberPlan, registered: Registered) -> None:
    changed = plan.status is not None and plan.status != registered.status
    since = plan.status_since
    if not changed and since is None:
        return
    entries = in_force(registered.entries)
    latest = entries[-1] if entries else None
    if changed and plan.status is not None:
        if since is not None and latest is not None and since < latest.effective_on:
            item.problems.append(
                Problem(
                    item.line,
                    None,
                    "status_before_history",
                    {"date": latest.effective_on.isoformat()},
                )
            )
        item.status, item.status_since, item.status_after = plan.status, since, plan.status
        item.changes["status"] = [registered.status.value, plan.status.value]
        return
    admission = admission_of(registered.entries)
    if since is None or latest is None or admission is None or latest.id == admission.id:
        return  # the date of an admission is the join date, corrected through that column
    was = None if latest.date_unknown else latest.effective_on
    if since != was:
        earlier = [e.effective_on for e in entries[:-1]]
        if earlier and since < max(earlier):
            item.problems.append(
                Problem(
                    item.line,
                    None,
                    "status_before_history",
                    {"date": max(earlier).isoformat()},
                )
            )
            return
        item.corrections.append(Correction(latest.id, latest.status, since, was, "status_date"))
        item.changes["status_since"] = [was.isoformat() if was else "", since.isoformat()]


def _standing(item: Planned, plan: MemberPlan, registered: Registered, today: date) -> None:
    stated = plan.standing
    added = stated_periods(
        registered.standing, stated.in_good_standing, stated.dues_paid_until, today
    )
    if not added:
        return
    item.standing = added
    before = standing_on(registered.standing, today)
    after = standing_on([*registered.standing, *added], today)
    if before != after:
        item.changes["in_good_standing"] = [str(before), str(after)]
    paid_before = dues_paid_until(registered.standing)
    paid_after = dues_paid_until([*registered.standing, *added])
    if paid_before != paid_after:
        item.changes["dues_paid_until"] = [
            paid_before.isoformat() if paid_before else "",
            paid_after.isoformat() if paid_after else "",
        ]
