"""Quorum, decided on plain numbers: no Flask, no session, no models."""

import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Quorum:
    """How many may be counted, how many must be, and whether they are."""

    present: int
    eligible: int
    required: int

    @property
    def reached(self) -> bool:
        return self.present >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.present)


def quorum_required(eligible: int, fraction: Fraction) -> int:
    """Members needed to open: the fraction of eligible members, rounded up, never fewer than 1."""
    if eligible < 0:
        raise ValueError("eligible must not be negative")
    if not 0 < fraction <= 1:
        raise ValueError("the quorum fraction must be above 0 and at most 1")
    return max(1, math.ceil(eligible * fraction))


def quorum(present: int, eligible: int, fraction: Fraction) -> Quorum:
    """The quorum panel's figures for `present` out of `eligible` members."""
    if present < 0:
        raise ValueError("present must not be negative")
    return Quorum(present=present, eligible=eligible, required=quorum_required(eligible, fraction))
