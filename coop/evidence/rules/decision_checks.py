"""Checks 4, 5, 8 and 9: one member one vote, the statute's majority on every decision, the
accounts, and the premium's use."""

from collections import Counter

from coop.evidence.rules.assembly_checks import in_period
from coop.evidence.rules.facts import AssemblyFacts, Record, VoteFacts
from coop.evidence.rules.periods import Period
from coop.evidence.rules.results import Check, Finding, Link, Status, decide
from coop.statutes.rules import DecisionKind, decision_quorum_required
from coop.statutes.rules import decide as outcome_of
from coop.voting.rules import choose, elect


def _assembly(a: AssemblyFacts) -> Link:
    return Link("assembly", a.id, a.id, f"{a.title} ({a.day.isoformat()})")


def _vote(a: AssemblyFacts, v: VoteFacts) -> Link:
    return Link("vote", v.id, a.id, v.title)


def one_member_one_vote(record: Record, period: Period) -> Check:
    """4. One member one vote (never more votes counted than members in the room), proxies
    within the statute's limit, none where it bans them or in a delegate assembly."""
    findings = []
    for a in in_period(record, period):
        if not a.held:
            continue
        failed = []
        limit = a.rules.proxies_per_holder
        if a.proxies:
            most = max(Counter(holder for holder, _r in a.proxies).values())
            values = {"proxies": len(a.proxies), "most": most, "limit": limit}
            if a.kind == "delegate":
                failed.append(Finding("proxy_in_delegate_assembly", False, values, (_assembly(a),)))
            elif limit == 0:
                failed.append(Finding("proxy_banned", False, values, (_assembly(a),)))
            elif most > limit:
                failed.append(Finding("proxy_over_limit", False, values, (_assembly(a),)))
        closed = [v for v in a.votes if not v.is_open]
        for v in closed:
            if v.in_room is not None and v.ballots > v.in_room:
                values = {"vote": v.title, "ballots": v.ballots, "in_room": v.in_room}
                failed.append(Finding("votes_exceed_voters", False, values, (_vote(a, v),)))
        if failed:
            findings += failed
        else:
            values = {"proxies": len(a.proxies), "limit": limit, "votes": len(closed)}
            findings.append(Finding("one_vote_each", True, values, (_assembly(a),)))
    status, reason = decide(findings, "no_assembly_held")
    return Check(4, "one_member_one_vote", status, reason, {}, tuple(findings))


def _election(a: AssemblyFacts, v: VoteFacts) -> Finding:
    elected = [key for key, _votes, chosen in v.counts if chosen]
    values = {"vote": v.title, "seats": v.seats, "elected": len(elected)}
    if len(elected) > v.seats:
        return Finding("election_over_seats", False, values, (_vote(a, v),))
    if v.tie_break != "lot":
        result = elect({key: votes for key, votes, _e in v.counts}, v.seats)
        if set(result.elected) - set(elected) or (
            not result.tied and set(elected) - set(result.elected)
        ):
            return Finding("election_not_most_votes", False, values, (_vote(a, v),))
    return Finding("election_counted", True, values, (_vote(a, v),))


def _decision(a: AssemblyFacts, v: VoteFacts) -> Finding:
    kind = DecisionKind(v.decision_kind)
    rule = a.rules.majority(kind)
    in_room, eligible = v.in_room or 0, v.eligible or 0
    present, members = in_room - v.abstained_by_law, eligible - v.abstained_by_law
    values = {
        "vote": v.title,
        "rule": str(rule),
        "stored_rule": v.majority_rule,
        "outcome": v.outcome or "",
        "yes": v.count("yes"),
        "no": v.count("no"),
        "abstain": v.count("abstain"),
        "ballots": v.ballots,
        "in_room": in_room,
    }
    link = (_vote(a, v),)
    if v.majority_rule != str(rule):
        return Finding("majority_rule_differs", False, values, link)
    needed = decision_quorum_required(a.rules, kind, eligible)
    if in_room < needed:
        return Finding("decision_quorum_short", False, {**values, "needed": needed}, link)
    if v.kind == "motion":
        expected = outcome_of(
            v.count("yes"),
            v.count("no"),
            v.count("abstain") + v.blank,
            rule,
            max(present, 0),
            max(members, 0),
        )
    else:
        options = {key: votes for key, votes, _e in v.counts}
        expected = choose(options, v.blank, rule, max(present, 0), max(members, 0)).outcome
    if v.tie_break is None and str(expected) != (v.outcome or ""):
        return Finding(
            "majority_outcome_differs", False, {**values, "expected": str(expected)}, link
        )
    return Finding("majority_applied", True, values, link)


def majorities(record: Record, period: Period) -> Check:
    """5. The statute's majority applied to every decision, with its counts stored."""
    findings = []
    for a in in_period(record, period):
        if not a.held:
            continue
        for v in a.votes:
            if v.is_open:
                continue
            if v.present is None or v.eligible is None or v.outcome is None:
                findings.append(
                    Finding("vote_counts_missing", False, {"vote": v.title}, (_vote(a, v),))
                )
            elif v.kind == "election":
                findings.append(_election(a, v))
            else:
                findings.append(_decision(a, v))
    status, reason = decide(findings, "no_vote")
    return Check(5, "majorities", status, reason, {"votes": len(findings)}, tuple(findings))


def accounts(record: Record, period: Period) -> Check:
    """8. Accounts presented to and approved by the assembly, officers not voting on their
    own: the closed votes on items of the accounts kind (officers serving when such a vote
    opens are marked as abstaining by law where the statute says so)."""
    held = [a for a in in_period(record, period) if a.held]
    if not held:
        return Check(8, "accounts", Status.NO_DATA, "no_assembly_held")
    findings = []
    approved = False
    for a in held:
        for v in a.votes:
            if v.decision_kind != DecisionKind.ACCOUNTS or v.is_open:
                continue
            # Where the statute keeps officers out, a vote with none marked is not proof.
            officers_out = not a.rules.officers_abstain_on_accounts or v.abstained_by_law > 0
            passed = v.outcome == "approved" and officers_out
            approved = approved or passed
            values = {"vote": v.title, "abstained": v.abstained_by_law, "outcome": v.outcome or ""}
            code = "accounts_vote" if officers_out else "accounts_officers_voted"
            findings.append(Finding(code, passed, values, (_vote(a, v),)))
    if not findings:
        return Check(8, "accounts", Status.NOT_MET, "no_accounts_vote")
    figures = {"accounts_votes": len(findings)}
    if not approved:
        return Check(
            8, "accounts", Status.NOT_MET, "accounts_not_approved", figures, tuple(findings)
        )
    return Check(8, "accounts", Status.MET, "accounts_approved", figures, tuple(findings))


def premium(record: Record, period: Period) -> Check:
    """9. Premium or development-plan spending approved before it is spent: the record keeps
    no spending yet."""
    return Check(9, "premium", Status.NO_DATA, "spending_not_recorded")
