"""Signals by which the layers built on assemblies (voting, minutes) take part in its steps.

Assemblies never import those layers: they connect here. `closing` receivers may refuse
the close by raising DomainError (voting: votes still open); `closed` receivers act on it
(minutes: the draft is started); `page` receivers add parts to the assembly's page.
`roll_exclusions` receivers leave members out of the roll of those entitled to vote, and
`roll_refusals` receivers say why (voting: members employed by the cooperative, until the
accounts of the year they left are approved, which only voting can tell).
"""

from typing import Any

from blinker import Namespace
from markupsafe import Markup

_signals = Namespace()

# sender: the organization; kwargs: assembly, actor_id. Raise DomainError to refuse.
closing = _signals.signal("assembly-closing")
# sender: the organization; kwargs: assembly, actor_id. Sent once the assembly is closed.
closed = _signals.signal("assembly-closed")
# sender: the organization; kwargs: assembly, access. Each receiver returns a dict of page
# slot -> HTML ("actions", "after_agenda", "footer", or "item-<id>" for an agenda item).
page = _signals.signal("assembly-page")
# sender: the organization; kwargs: assembly, rules, day (the roll's). Each receiver returns
# a select of the ids of members to leave out of the roll, or None. It is set inside the
# roll's one statement, so it must be one select whatever the size of the register.
roll_exclusions = _signals.signal("assembly-roll-exclusions")
# sender: the organization; kwargs: assembly, rules, day, member_ids. Each receiver returns a
# dict of member id -> the translated reason it leaves that member out of the roll.
roll_refusals = _signals.signal("assembly-roll-refusals")


def page_parts(org: object, **kwargs: object) -> dict[str, Markup]:
    """The HTML each layer adds to the assembly's page (rendered from its own templates),
    joined slot by slot."""
    parts: dict[str, list[str]] = {}
    for _receiver, contribution in page.send(org, **kwargs):
        for slot, html in (contribution or {}).items():
            parts.setdefault(slot, []).append(html)
    return {slot: Markup("".join(pieces)) for slot, pieces in parts.items()}


def roll_exclusion_selects(org: object, **kwargs: object) -> list[Any]:
    """The selects of member ids the layers above leave out of the roll."""
    return [s for _receiver, s in roll_exclusions.send(org, **kwargs) if s is not None]


def roll_refusal_reasons(org: object, **kwargs: object) -> dict[int, str]:
    """Why the layers above leave these members out of the roll, by member id."""
    reasons: dict[int, str] = {}
    for _receiver, found in roll_refusals.send(org, **kwargs):
        for member_id, reason in (found or {}).items():
            reasons.setdefault(member_id, reason)
    return reasons
