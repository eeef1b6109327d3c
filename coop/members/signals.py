"""Signals by which the layers built on the register take part in its steps.

`pin_issuing` is sent before a member's PIN is (re)issued; a receiver may refuse by raising
DomainError (voting: not while the member may vote in an open vote and is not in the room,
or the board could vote in the member's place).
"""

from blinker import Namespace

_signals = Namespace()

# sender: the organization; kwargs: member, actor_id. Raise DomainError to refuse.
pin_issuing = _signals.signal("pin-issuing")
