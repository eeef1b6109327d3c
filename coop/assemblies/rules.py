"""Finding a member at the door by name, decided on plain strings: no Flask, no database."""


def name_rank(words: list[str], name: str) -> int | None:
    """How well the typed words (folded, as `members.rules.fold` makes them) match a folded
    full name: 0 when they begin consecutive words of the name in the order typed ("nunez
    garcia" in "lucia nunez garcia"), 1 when they begin words of the name in that order, 2
    when they begin words of the name in any order ("garcia nunez"), 3 when each is only
    somewhere inside the name; None when one of them is not in the name at all."""
    if not words or any(word not in name for word in words):
        return None if words else 0
    tokens = name.split()
    starts = [[i for i, token in enumerate(tokens) if token.startswith(w)] for w in words]
    if any(not found for found in starts):
        return 3
    if any(all(first + k in starts[k] for k in range(len(words))) for first in starts[0]):
        return 0
    position = -1
    for found in starts:
        later = [i for i in found if i > position]
        if not later:
            return 2
        position = later[0]
    return 1
