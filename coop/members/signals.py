"""Signals by which the layers built on the register take part in its steps.

`pin_issuing` is sent before a member's PIN is (re)issued; a receiver may refuse by raising
DomainError (voting: not while the member may vote in an open vote and is not in the room,
or the board could vote in the member's place). `page` receivers add parts to the member's
page (voting: the vote withheld by employment, which takes the statute and the accounts
votes to tell).
"""

from blinker import Namespace
from markupsafe import Markup

_signals = Namespace()

# sender: the organization; kwargs: member, actor_id. Raise DomainError to refuse.
pin_issuing = _signals.signal("pin-issuing")
# sender: the organization; kwargs: member, access. Each receiver returns a dict of page
# slot -> HTML ("employment": beside the member's employment periods).
page = _signals.signal("member-page")


def page_parts(org: object, **kwargs: object) -> dict[str, Markup]:
    """The HTML each layer adds to the member's page, joined slot by slot."""
    parts: dict[str, list[str]] = {}
    for _receiver, contribution in page.send(org, **kwargs):
        for slot, html in (contribution or {}).items():
            parts.setdefault(slot, []).append(html)
    return {slot: Markup("".join(pieces)) for slot, pieces in parts.items()}
