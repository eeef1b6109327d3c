"""Signals by which the layers built on assemblies (voting, minutes) take part in its steps.

Assemblies never import those layers: they connect here. `closing` receivers may refuse
the close by raising DomainError (voting: votes still open); `closed` receivers act on it
(minutes: the draft is started); `page` receivers add parts to the assembly's page.
"""

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


def page_parts(org: object, **kwargs: object) -> dict[str, Markup]:
    """The HTML each layer adds to the assembly's page (rendered from its own templates),
    joined slot by slot."""
    parts: dict[str, list[str]] = {}
    for _receiver, contribution in page.send(org, **kwargs):
        for slot, html in (contribution or {}).items():
            parts.setdefault(slot, []).append(html)
    return {slot: Markup("".join(pieces)) for slot, pieces in parts.items()}
