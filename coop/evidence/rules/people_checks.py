"""Checks 10 to 14: officers elected within their terms, small producers, a complete
register, women and young people taking part, and due process for exclusions."""

from collections import defaultdict
from datetime import date, timedelta

from coop.core.dates import shift_years
from coop.evidence.rules.facts import MemberFacts, OfficerFacts, Record
from coop.evidence.rules.periods import Period
from coop.evidence.rules.results import Check, Finding, Link, Status, decide, share
from coop.members.rules import EXIT_STATUSES, is_small_producer
from coop.statutes.rules import Position

# Members named one by one in a finding list; the figures count them all.
LISTED = 50
GOVERNING = ("board", "oversight")


def as_of(record: Record, period: Period) -> date:
    """The day a period's standing figures are taken: its end, or today while it runs."""
    return min(period.end, record.today)


def _member(m: MemberFacts) -> Link:
    return Link("member", m.id, None, f"{m.number} {m.name}")


def _officer(o: OfficerFacts) -> Link:
    return Link("member", o.member_id, None, f"{o.number} {o.name}")


def _run_of_terms(officer: OfficerFacts, terms: list[OfficerFacts]) -> int:
    """Consecutive terms of the same member in the same position up to this one."""
    earlier = sorted(
        (t for t in terms if t.term_start <= officer.term_start),
        key=lambda t: t.term_start,
        reverse=True,
    )
    count, next_start = 0, None
    for term in earlier:
        if next_start is not None and (next_start - term.term_end).days > 366:
            break
        count, next_start = count + 1, term.term_start
    return count


def officers(record: Record, period: Period) -> Check:
    """10. Board and oversight elected by the assembly, within the statute's terms and term
    limits, seats filled, and renewed as the organization's rule asks."""
    rules = record.statute_at_end
    serving = [
        o
        for o in record.officers
        if o.position in GOVERNING and o.serves_within(period.start, period.end)
    ]
    if not serving:
        return Check(10, "officers", Status.NO_DATA, "no_officers")
    terms = defaultdict(list)
    for o in record.officers:
        terms[(o.member_id, o.position)].append(o)
    findings = []
    for o in sorted(serving, key=lambda o: (o.position, o.term_start, o.number)):
        position = Position(o.position)
        values = {"name": o.name, "position": o.position, "start": o.term_start, "end": o.term_end}
        links = (_officer(o),) + ((Link("vote", o.vote_id, o.assembly_id),) if o.vote_id else ())
        years, most = rules.term_years(position), rules.max_terms(position)
        run = _run_of_terms(o, terms[(o.member_id, o.position)])
        if o.vote_id is None:
            findings.append(Finding("officer_not_elected", False, values, links))
        elif o.term_end >= shift_years(o.term_start, years):
            findings.append(
                Finding("officer_term_too_long", False, {**values, "years": years}, links)
            )
        elif most is not None and run > most:
            findings.append(
                Finding("officer_over_limit", False, {**values, "terms": run, "most": most}, links)
            )
        else:
            findings.append(Finding("officer_elected", True, values, links))
    day = as_of(record, period)
    for position, size in (("board", rules.board_size), ("oversight", rules.oversight_size)):
        seated = sum(1 for o in record.officers if o.position == position and o.serves_on(day))
        if seated < size:
            findings.append(
                Finding(
                    "seats_vacant",
                    False,
                    {"position": position, "seated": seated, "size": size, "day": day},
                )
            )
    findings += _renewals(record, period)
    status, reason = decide(findings, "no_officers")
    return Check(10, "officers", status, reason, {"serving": len(serving)}, tuple(findings))


def _renewals(record: Record, period: Period) -> list[Finding]:
    """Each board election of the period renews at least the organization's share of seats."""
    percent = record.settings.board_renewal_percent
    if not percent:
        return []
    size = record.statute_at_end.board_size
    elections: dict[int, list[OfficerFacts]] = defaultdict(list)
    for o in record.officers:
        if o.position == "board" and o.vote_id is not None and o.term_start in period:
            elections[o.vote_id].append(o)
    found = []
    for vote_id, seated in sorted(elections.items()):
        before = seated[0].term_start - timedelta(days=1)
        sitting = {
            o.member_id for o in record.officers if o.position == "board" and o.serves_on(before)
        }
        renewed = sum(1 for o in seated if o.member_id not in sitting)
        values = {"renewed": renewed, "size": size, "percent": percent, "day": seated[0].term_start}
        link = (Link("vote", vote_id, seated[0].assembly_id),)
        found.append(
            Finding(
                "renewal_met" if renewed * 100 >= percent * size else "renewal_short",
                renewed * 100 >= percent * size,
                values,
                link,
            )
        )
    return found


def small_producers(record: Record, period: Period) -> Check:
    """11. The share of members who are small producers, by the organization's thresholds per
    product, against the share it must reach."""
    day = as_of(record, period)
    active = [m for m in record.members if m.status_on(day) == "active"]
    classes = [(m, is_small_producer(m.units, record.thresholds)) for m in active]
    small = sum(1 for _m, c in classes if c is True)
    large = [m for m, c in classes if c is False]
    unknown = [m for m, c in classes if c is None]
    need = record.settings.small_producer_percent
    figures = {
        "day": day,
        "members": len(active),
        "small": small,
        "not_small": len(large),
        "unknown": len(unknown),
        "share": share(small, small + len(large)),
        "required": need,
    }
    findings = [Finding("not_small_producer", True, {}, (_member(m),)) for m in large[:LISTED]]
    findings += [
        Finding("production_not_recorded", False, {}, (_member(m),)) for m in unknown[:LISTED]
    ]
    if small + len(large) == 0:
        return Check(
            11,
            "small_producers",
            Status.NO_DATA,
            "no_production_recorded",
            figures,
            tuple(findings),
        )
    if small * 100 < need * (small + len(large)):
        return Check(11, "small_producers", Status.NOT_MET, "share_below", figures, tuple(findings))
    if small * 100 < need * len(active):
        return Check(
            11, "small_producers", Status.NO_DATA, "unknown_decides", figures, tuple(findings)
        )
    return Check(11, "small_producers", Status.MET, "share_reached", figures, tuple(findings))


def _gaps(m: MemberFacts, day: date, period: Period) -> list[str]:
    gaps = []
    if not (m.name.strip() and m.number.strip()):
        gaps.append("identity")
    if m.sex == "not_stated":
        gaps.append("sex")
    if m.birth_date is None and m.birth_year is None:
        gaps.append("age")
    if not m.community.strip():
        gaps.append("community")
    if m.status_on(day) == "active" and not m.units:
        gaps.append("units")
    exits = [e for e in m.history if e.status in EXIT_STATUSES and e.effective_on in period]
    if any(not e.reason.strip() for e in exits):
        gaps.append("exit")
    if any(e.date_unknown for e in m.history):
        gaps.append("status_date")
    return gaps


def register(record: Record, period: Period) -> Check:
    """12. A complete register for the members of the period: identity, sex, age, community,
    admission, exit with its reason, production units."""
    day = as_of(record, period)
    considered = [
        m
        for m in record.members
        if m.status_on(day) == "active"
        or any(e.status in EXIT_STATUSES and e.effective_on in period for e in m.history)
    ]
    gaps = {m.id: _gaps(m, day, period) for m in considered}
    incomplete = [m for m in considered if gaps[m.id]]
    counts: dict[str, int] = defaultdict(int)
    for missing in gaps.values():
        for field in missing:
            counts[field] += 1
    figures = {
        "members": len(considered),
        "incomplete": len(incomplete),
        **{f"missing_{k}": v for k, v in sorted(counts.items())},
    }
    findings = tuple(
        Finding("register_gaps", False, {"missing": gaps[m.id]}, (_member(m),))
        for m in incomplete[:LISTED]
    )
    if not considered:
        return Check(12, "register", Status.NO_DATA, "no_members", figures)
    if incomplete:
        return Check(12, "register", Status.NOT_MET, "some_fail", figures, findings)
    return Check(12, "register", Status.MET, "all_hold", figures)


def exclusions(record: Record, period: Period) -> Check:
    """14. Due process for exclusions: the reason recorded; notice and appeal to the assembly
    are not kept by the record yet."""
    findings = []
    for m in record.members:
        for entry in m.history:
            if entry.status == "excluded" and entry.effective_on in period:
                values = {
                    "day": entry.effective_on,
                    "reason": entry.reason,
                    "decision": entry.decision,
                }
                code = "exclusion_reasoned" if entry.reason.strip() else "exclusion_without_reason"
                findings.append(Finding(code, bool(entry.reason.strip()), values, (_member(m),)))
    if not findings:
        return Check(14, "exclusions", Status.MET, "no_exclusions")
    status, reason = decide(findings, "no_exclusions")
    if status == Status.MET:
        status, reason = Status.NO_DATA, "appeal_not_recorded"
    return Check(14, "exclusions", status, reason, {"exclusions": len(findings)}, tuple(findings))
