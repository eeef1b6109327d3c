"""Every check of one period, in the order of GOVERNANCE-RULES.md §Evidence."""

from coop.evidence.rules import assembly_checks, decision_checks, people_checks
from coop.evidence.rules.facts import Record
from coop.evidence.rules.participation import AssemblyPoint, participation
from coop.evidence.rules.periods import Period
from coop.evidence.rules.results import Check


def all_checks(record: Record, period: Period, points: tuple[AssemblyPoint, ...]) -> list[Check]:
    """The fourteen checks of `period`."""
    return [
        assembly_checks.ordinary_every_year(record, period),
        assembly_checks.notice(record, period),
        assembly_checks.quorum(record, period),
        decision_checks.one_member_one_vote(record, period),
        decision_checks.majorities(record, period),
        assembly_checks.agenda(record, period),
        assembly_checks.minutes(record, period),
        decision_checks.accounts(record, period),
        decision_checks.premium(record, period),
        people_checks.officers(record, period),
        people_checks.small_producers(record, period),
        people_checks.register(record, period),
        participation(record, period, points),
        people_checks.exclusions(record, period),
    ]
