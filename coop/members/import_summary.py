"""What the import's preview page shows: the counts, and the first problems, changes and
conflicts; kept with the upload (import_codec) so that the page reads only this."""

from dataclasses import dataclass, field
from typing import Any

from coop.members.import_plan import DroppedColumn, Problem
from coop.members.import_preview import Kind, Planned, Preview


@dataclass(frozen=True)
class Shown:
    """A member as the preview page lists it."""

    number: str
    line: int
    name: str
    kind: Kind
    registered_name: str
    changes: dict[str, list[Any]]


@dataclass
class Summary:
    """What the preview page shows: the counts, and the first problems and changes."""

    counts: dict[str, int]
    invalid_members: int
    unknown_dates: int
    problems: list[Problem]
    problem_count: int
    changed: list[Shown]
    conflicts: list[Shown]
    missing: list[str] = field(default_factory=list)
    dropped: list[DroppedColumn] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def _shown(item: Planned) -> Shown:
    return Shown(item.number, item.line, item.name, item.kind, item.registered_name, item.changes)


def summarize(preview: Preview, shown: int) -> Summary:
    """The preview page's figures, with at most `shown` problems, changes and conflicts."""
    problems = preview.problems
    changed = (preview.valid(Kind.NEW) + preview.valid(Kind.UPDATE))[:shown]
    return Summary(
        counts={kind.value: preview.count(kind) for kind in Kind},
        invalid_members=preview.invalid_members,
        unknown_dates=preview.unknown_dates,
        problems=problems[:shown],
        problem_count=len(problems),
        changed=[_shown(item) for item in changed],
        conflicts=[_shown(item) for item in preview.valid(Kind.CONFLICT)[:shown]],
        missing=preview.missing,
        dropped=preview.dropped,
    )
