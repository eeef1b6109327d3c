"""What a check returns: a status, figures and findings, each naming its records."""

import enum
from dataclasses import dataclass, field
from typing import Any


class Status(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "not_enough_data"


@dataclass(frozen=True)
class Link:
    """A record that proves or breaks a check: its kind ("assembly", "notice", "attendance",
    "vote", "minutes", "member", "statute", "register") and id."""

    kind: str
    id: int | None = None
    # The assembly a vote, notice, attendance book or minutes belong to (their pages hang there).
    parent: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Finding:
    """One fact a check rests on: a code put into words with its values, and its records."""

    code: str
    ok: bool
    values: dict[str, Any] = field(default_factory=dict)
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Check:
    number: int
    code: str
    status: Status
    # Why the status is what it is, as a code (its words in coop/evidence/texts).
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def missing(self) -> tuple[Finding, ...]:
        """The findings that fail: what the board has to put right."""
        return tuple(f for f in self.findings if not f.ok)


def decide(
    findings: list[Finding], empty_reason: str, met_reason: str = "all_hold"
) -> tuple[Status, str]:
    """(status, reason) from findings: not met when one fails, not enough data when none."""
    if not findings:
        return Status.NO_DATA, empty_reason
    if any(not f.ok for f in findings):
        return Status.NOT_MET, "some_fail"
    return Status.MET, met_reason


def share(part: int, whole: int) -> float | None:
    """part / whole, None when there is no whole."""
    return part / whole if whole else None
