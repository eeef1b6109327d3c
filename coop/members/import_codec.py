"""Keeping an import's checked plan with its upload, from the upload to the apply.

Two parts, stored apart so that each request reads only what it needs: the summary the
preview page shows, and the plan the apply writes (the members that can be written; the
others are only counted). Both are JSON written and read by msgspec against the types below,
which also gives dates, decimals and enums back as they were.
"""

import zlib
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec
from msgspec.structs import asdict

from coop.members.import_preview import Kind, Planned, Preview
from coop.members.import_summary import Summary
from coop.members.rules import Correction, MemberStatus, Product, Sex
from coop.members.standing_rules import StandingPeriod


class KeptValues(msgspec.Struct, array_like=True):
    """A member's fields (services.MEMBER_FIELDS)."""

    number: str
    given_names: str
    surnames: str
    national_id: str | None
    sex: Sex
    birth_date: date | None
    birth_year: int | None
    community: str
    group_name: str
    phone: str
    joined_on: date
    admission_decision: str


class KeptUnit(msgspec.Struct, array_like=True, omit_defaults=True):
    """A production unit's fields (services.UNIT_FIELDS)."""

    product: Product
    total_area_ha: Decimal | None = None
    product_area_ha: Decimal | None = None
    hives: int | None = None
    organic: bool = False
    spp: bool = False
    fair_trade: bool = False
    yearly_volume_kg: Decimal | None = None


class KeptMember(msgspec.Struct, array_like=True, omit_defaults=True):
    """A member the apply writes (see import_preview.Planned)."""

    number: str
    line: int
    kind: Kind
    values: KeptValues
    status_after: MemberStatus
    member_id: int | None = None
    registered_name: str = ""
    status: MemberStatus | None = None
    status_since: date | None = None
    units: list[KeptUnit] | None = None  # an empty list removes the units; None keeps them
    corrections: list[Correction] = []
    standing: list[StandingPeriod] = []
    changes: dict[str, Any] = {}


class KeptPlan(msgspec.Struct):
    members: list[KeptMember]
    left_out: int  # members with problems, only counted


# The fields a file leaves empty, as the register holds them.
BLANK_VALUES: dict[str, Any] = {
    "national_id": None,
    "birth_date": None,
    "birth_year": None,
    "community": "",
    "group_name": "",
    "phone": "",
    "admission_decision": "",
}


def _kept(item: Planned) -> KeptMember:
    return KeptMember(
        item.number,
        item.line,
        item.kind,
        KeptValues(**{**BLANK_VALUES, **item.values}),
        item.status_after,
        item.member_id,
        item.registered_name,
        item.status,
        item.status_since,
        None if item.units is None else [KeptUnit(**unit) for unit in item.units],
        item.corrections,
        item.standing,
        item.changes,
    )


def _planned(kept: KeptMember) -> Planned:
    values = asdict(kept.values)
    units = None if kept.units is None else [asdict(unit) for unit in kept.units]
    return Planned(
        kept.number,
        kept.line,
        values["given_names"] + " " + values["surnames"],
        kept.kind,
        values,
        member_id=kept.member_id,
        registered_name=kept.registered_name,
        status_after=kept.status_after,
        status=kept.status,
        status_since=kept.status_since,
        units=units,
        corrections=kept.corrections,
        standing=kept.standing,
        changes=kept.changes,
    )


PLAN_DECODER = msgspec.json.Decoder(KeptPlan)
SUMMARY_DECODER = msgspec.json.Decoder(Summary)


def plan_bytes(preview: Preview) -> bytes:
    """The members the apply can write, and how many it leaves out for their problems;
    compressed, since the database writes and reads it whole (a fifth of the size)."""
    members = [_kept(item) for item in preview.items if item.writable]
    return zlib.compress(msgspec.json.encode(KeptPlan(members, preview.invalid_members)), 1)


def plan_from_bytes(data: bytes) -> Preview:
    """The kept plan, as a preview of the writable members."""
    plan = PLAN_DECODER.decode(zlib.decompress(data))
    return Preview([_planned(kept) for kept in plan.members], [], [], left_out=plan.left_out)


def summary_bytes(summary: Summary) -> bytes:
    """The preview page's figures."""
    return msgspec.json.encode(summary)


def summary_from_bytes(data: bytes) -> Summary:
    """The kept summary."""
    return SUMMARY_DECODER.decode(data)
