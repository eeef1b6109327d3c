"""Limits on login attempts, shared by the e-mail and the member-number login pages.

A well-formed attempt takes one try from each of its counters *before* the secret is
checked, so twenty attempts sent at once for one member get no more checks than the limit;
if any counter has none left, the tries taken are given back and nothing is checked. A
success clears the person's own counters and gives back its try to the shared ones, so the
shared counters hold failures only. Junk (an empty or malformed form) is refused before any
counter, so nobody can lock another person out without typing well-formed secrets.

The counters, from the narrowest (README, "Running it for real", explains the figures):

- the person from this address: a member who forgot their PIN meets it first; a hostile
  neighbour on another connection cannot fill it;
- the person from any address: bounds the guesses at one PIN or password per day or hour;
- the address, across people: stops one PIN sprayed over many member numbers early, and
  blocks an office connection only for a few minutes;
- the organization (PIN logins): bounds guessing spread over many addresses.

The secretary lifts a member's lock at the desk (the member's page in the register): the
member's counters start again, and for a while the member's attempts pass the shared
counters, which a spray from their connection may have filled. A new PIN starts the member's
counters again too, but gives no pass: PINs issued by the hundred before an assembly must not
open the shared counters to a spray.

Counters live in Flask-Limiter's storage (RATELIMIT_STORAGE_URI): fixed windows, whose
`hit` increments and compares in one step (atomic in memory and in Redis).
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import ip_address, ip_network
from typing import TypeVar

from flask import current_app, request
from limits import RateLimitItem, parse_many
from limits.strategies import FixedWindowRateLimiter

from coop.core.extensions import limiter
from coop.core.i18n import _, ngettext

T = TypeVar("T")

PER_PERSON_AND_ADDRESS = "LOGIN_LIMIT_PER_PERSON_AND_ADDRESS"
# How long a member's lift count is kept (see `_epoch`): far longer than any window.
EPOCH_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class Counter:
    """One limit on login attempts: what it counts (`scope`), its setting, its storage key.
    A personal counter is cleared when the person gets in; a shared one is not."""

    scope: str
    setting: str
    key: str
    personal: bool

    @property
    def items(self) -> list[RateLimitItem]:
        """Its limits: one, or several windows ("100 per hour; 300 per day")."""
        return parse_many(current_app.config[self.setting])


def _strategy() -> FixedWindowRateLimiter:
    return FixedWindowRateLimiter(limiter.storage)


def client_address() -> str:
    """Where the request comes from; an IPv6 address by its /64, which one household or
    phone holds whole, so that counting by address means something there too."""
    raw = request.remote_addr or "unknown"
    try:
        address = ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ip_network(f"{raw}/64", strict=False).network_address)
    return raw


def _epoch(org_id: int, number: str) -> int:
    # Lifting a member's lock starts their per-address counters afresh by renaming them: the
    # addresses they were kept under are not known at the desk. The count goes back to 0
    # thirty days after the first lift, when the counters named with 0 are long gone; a lock
    # of that moment is lifted with it, once a month at most.
    return limiter.storage.get(f"coop/lift/{org_id}/{number}")


def _has_desk_pass(org_id: int, number: str) -> bool:
    return limiter.storage.get(f"coop/pass/{org_id}/{number}") > 0


def member_counters(org_id: int, number: str) -> list[Counter]:
    """The counters a PIN attempt for member `number` of organization `org_id` takes from."""
    address = client_address()
    epoch = _epoch(org_id, number)
    person = f"coop/pin/{org_id}/{number}"
    counters = [
        Counter("person_address", PER_PERSON_AND_ADDRESS, f"{person}/{epoch}/{address}", True),
        Counter("person", "PIN_LIMIT_PER_MEMBER", person, True),
    ]
    if not _has_desk_pass(org_id, number):
        counters += [
            Counter("address", "LOGIN_LIMIT_PER_ADDRESS", f"coop/address/{address}", False),
            Counter("organization", "PIN_LIMIT_PER_ORGANIZATION", f"coop/org/{org_id}", False),
        ]
    return counters


def account_counters(email: str) -> list[Counter]:
    """The counters a password attempt for the account `email` takes from."""
    address = client_address()
    person = "coop/password/" + email.strip().lower()
    return [
        Counter("person_address", PER_PERSON_AND_ADDRESS, f"{person}/{address}", True),
        Counter("person", "PASSWORD_LIMIT_PER_ACCOUNT", person, True),
        Counter("address", "LOGIN_LIMIT_PER_ADDRESS", f"coop/address/{address}", False),
    ]


def take(counters: list[Counter]) -> tuple[Counter, RateLimitItem] | None:
    """Take one try from every counter before the secret is checked: None when each had one,
    else the first counter and window that had none (and every try taken is given back:
    nothing is checked)."""
    strategy = _strategy()
    taken: list[tuple[Counter, RateLimitItem]] = []
    for counter in counters:
        for item in counter.items:
            ok = strategy.hit(item, counter.key)
            taken.append((counter, item))
            if not ok:
                for given, window in taken:
                    strategy.hit(window, given.key, cost=-1)
                return counter, item
    return None


def succeeded(counters: list[Counter]) -> None:
    """The secret was right: the person's counters start again, the shared ones keep only
    failures."""
    strategy = _strategy()
    for counter in counters:
        for item in counter.items:
            if counter.personal:
                strategy.clear(item, counter.key)
            else:
                strategy.hit(item, counter.key, cost=-1)


def lift_member_lock(org_id: int, number: str, at_desk: bool = True) -> None:
    """Let member `number` try again now: their own counters start afresh and, when the
    secretary lets them in at the desk, for a while their attempts pass the counters shared
    with others (a spray from the same connection may have filled them)."""
    if limiter.enabled is False or getattr(limiter, "_storage", None) is None:
        return
    storage = limiter.storage
    try:
        storage.incr(f"coop/lift/{org_id}/{number}", EPOCH_SECONDS)
        for item in parse_many(current_app.config["PIN_LIMIT_PER_MEMBER"]):
            _strategy().clear(item, f"coop/pin/{org_id}/{number}")
        if at_desk:
            pass_key = f"coop/pass/{org_id}/{number}"
            storage.clear(pass_key)
            storage.incr(pass_key, current_app.config["LOGIN_DESK_PASS_MINUTES"] * 60)
    except storage.base_exceptions:
        # The PIN or the record goes on; the lock ends with its window.
        current_app.logger.exception("login limits: the counters' storage failed")


def refusal(counter: Counter, item: RateLimitItem) -> str:
    """Why an attempt was refused by `counter`'s window `item`, and what to do, in the
    reader's language."""
    reset, _remaining = _strategy().get_window_stats(item, counter.key)
    minutes = max(1, math.ceil((reset - time.time()) / 60))
    if minutes <= 90:
        wait = ngettext("Try again in %(num)s minute.", "Try again in %(num)s minutes.", minutes)
    else:
        hours = math.ceil(minutes / 60)
        wait = ngettext("Try again in %(num)s hour.", "Try again in %(num)s hours.", hours)
    if counter.scope == "address":
        return _("Too many failed logins from this connection.") + " " + wait
    if counter.scope == "organization":
        return _(
            "Too many failed logins to this organization just now. The secretary at the desk "
            "can let you in."
        )
    if counter.key.startswith("coop/pin/"):
        return (
            _("Too many wrong PINs for this member number.")
            + " "
            + wait
            + " "
            + _("The secretary at the desk can let you in at once.")
        )
    return _("Too many failed logins for this account.") + " " + wait


def guarded(counters: list[Counter], check: Callable[[], T | None]) -> tuple[T | None, str | None]:
    """Run `check` (a secret's check) within the limits: what it found, or None and, when the
    limits refused it unchecked, why."""
    try:
        refused = take(counters)
    except limiter.storage.base_exceptions:
        # Without its counters no secret is checked: guessing must not get easier when the
        # shared storage (Redis) is down.
        current_app.logger.exception("login limits: the counters' storage failed")
        return None, _("Logging in is not possible just now. Try again in a minute.")
    if refused is not None:
        return None, refusal(*refused)
    found = check()
    if found is not None:
        succeeded(counters)
    return found, None
