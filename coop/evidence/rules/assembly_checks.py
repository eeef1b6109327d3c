"""Checks 1, 2, 3, 6 and 7: the ordinary assembly every year, its notice, its quorum, its
agenda, and its minutes."""

from datetime import timedelta

from coop.evidence.rules.facts import AssemblyFacts, Record
from coop.evidence.rules.periods import Period, YearEnd
from coop.evidence.rules.results import Check, Finding, Link, Status, decide
from coop.statutes.rules import (
    DecisionKind,
    NoticeVerdict,
    agenda_refusal,
    call_required,
    notice_means_missing,
    notice_verdict,
)


def in_period(record: Record, period: Period) -> list[AssemblyFacts]:
    """The assemblies of the period, by date."""
    return sorted((a for a in record.assemblies if a.day in period), key=lambda a: (a.day, a.id))


def _link(kind: str, assembly: AssemblyFacts) -> Link:
    return Link(kind, assembly.id, assembly.id, f"{assembly.title} ({assembly.day.isoformat()})")


def ordinary_every_year(record: Record, period: Period) -> Check:
    """1. An ordinary assembly held within the legal window after each financial year that
    the period sees the window of close."""
    settings = record.settings
    year_end = YearEnd(settings.year_end_month, settings.year_end_day)
    window = timedelta(days=settings.ordinary_within_days)
    findings, pending = [], False
    for year in range(period.start.year - 3, period.end.year + 1):
        closed = year_end.in_year(year)
        due = closed + window
        if due not in period:
            continue
        values = {"year_end": closed, "due": due}
        held = [
            a
            for a in record.assemblies
            if a.kind == "ordinary" and a.held and closed < a.day <= due
        ]
        if held:
            findings.append(
                Finding(
                    "ordinary_held",
                    True,
                    {**values, "day": held[0].day},
                    (_link("assembly", held[0]),),
                )
            )
        elif due > record.today:
            pending = True
            findings.append(Finding("ordinary_window_open", True, values))
        else:
            late = [
                a
                for a in record.assemblies
                if a.kind == "ordinary" and a.held and due < a.day <= due + timedelta(days=365)
            ]
            links = tuple(_link("assembly", a) for a in late[:1])
            code = "ordinary_late" if late else "ordinary_missing"
            extra = {"day": late[0].day} if late else {}
            findings.append(Finding(code, False, {**values, **extra}, links))
    status, reason = decide(findings, "no_window_closes")
    if status == Status.MET and pending:
        status, reason = Status.NO_DATA, "window_still_open"
    return Check(
        1, "ordinary_assembly", status, reason, {"window_days": window.days}, tuple(findings)
    )


def notice(record: Record, period: Period) -> Check:
    """2. Notice within the statute's minimum and maximum, with agenda, place, time and the
    means it was published by."""
    findings = []
    for a in in_period(record, period):
        if not a.convened:
            continue
        link = (_link("notice", a),)
        rules, failed = a.rules, []
        if a.notice_on is None:
            failed.append(Finding("notice_missing", False, {}, link))
        else:
            days = (a.day - a.notice_on).days
            limits = {"days": days, "min": rules.notice_min_days, "max": rules.notice_max_days}
            verdict = notice_verdict(rules, a.notice_on, a.day)
            if verdict == NoticeVerdict.TOO_SHORT:
                failed.append(Finding("notice_too_short", False, limits, link))
            elif verdict == NoticeVerdict.TOO_LONG:
                failed.append(Finding("notice_too_long", False, limits, link))
        missing = notice_means_missing(rules, a.channels)
        if missing:
            failed.append(
                Finding("notice_means_missing", False, {"means": [str(m) for m in missing]}, link)
            )
        if not a.channels:
            failed.append(Finding("notice_no_channel", False, {}, link))
        if not a.items:
            failed.append(Finding("notice_no_agenda", False, {}, link))
        if not a.place.strip():
            failed.append(Finding("notice_no_place", False, {}, link))
        if failed:
            findings += failed
        else:
            days = (a.day - a.notice_on).days if a.notice_on else 0
            findings.append(
                Finding(
                    "notice_in_time",
                    True,
                    {"days": days, "channels": list(a.channels), "items": len(a.items)},
                    link,
                )
            )
    status, reason = decide(findings, "no_assembly")
    return Check(
        2,
        "notice",
        status,
        reason,
        {"assemblies": len({f.links[0].id for f in findings})},
        tuple(findings),
    )


def quorum(record: Record, period: Period) -> Check:
    """3. Quorum met at the call actually used, counted against the members entitled to vote
    on that date (the roll frozen at the opening)."""
    findings = []
    for a in in_period(record, period):
        if not a.held:
            continue
        link = (_link("assembly", a),)
        figures = a.opening or {}
        if a.opened_call is None or not figures:
            findings.append(Finding("quorum_not_recorded", False, {}, link))
            continue
        present, represented = int(figures.get("present", 0)), int(figures.get("represented", 0))
        eligible, required = int(figures.get("eligible", 0)), int(figures.get("required", 0))
        values = {
            "call": a.opened_call,
            "counted": present + represented,
            "present": present,
            "represented": represented,
            "eligible": eligible,
            "required": required,
        }
        if a.opened_call > len(a.rules.calls):
            findings.append(Finding("quorum_call_unknown", False, values, link))
            continue
        needed = call_required(a.rules.calls[a.opened_call - 1], eligible)
        values["needed"] = needed
        if a.roll is not None and a.roll != eligible:
            findings.append(Finding("quorum_roll_differs", False, {**values, "roll": a.roll}, link))
        elif required < needed:
            findings.append(Finding("quorum_rule_differs", False, values, link))
        elif present + represented < needed:
            findings.append(Finding("quorum_short", False, values, link))
        else:
            findings.append(Finding("quorum_met", True, values, link))
    status, reason = decide(findings, "no_assembly_held")
    return Check(3, "quorum", status, reason, {}, tuple(findings))


def agenda(record: Record, period: Period) -> Check:
    """6. No decision outside the published agenda: an item added in session only where the
    statute lets the assembly add that kind of business by its own vote."""
    findings = []
    held = [a for a in in_period(record, period) if a.held]
    for a in held:
        for item in a.items:
            if not item.added_in_session:
                continue
            refusal = agenda_refusal(
                a.rules,
                DecisionKind(item.decision_kind),
                ordinary_assembly=a.kind == "ordinary",
                extraordinary_assembly=a.kind == "extraordinary",
                in_session=True,
            )
            values = {"item": item.title, "position": item.position}
            if refusal is None:
                findings.append(
                    Finding("agenda_added_allowed", True, values, (_link("assembly", a),))
                )
            else:
                findings.append(
                    Finding(
                        "agenda_added_refused",
                        False,
                        {**values, "why": str(refusal)},
                        (_link("assembly", a),),
                    )
                )
    if held and not findings:
        findings = [Finding("agenda_as_published", True, {}, (_link("assembly", a),)) for a in held]
    status, reason = decide(findings, "no_assembly_held")
    return Check(6, "agenda", status, reason, {}, tuple(findings))


def minutes(record: Record, period: Period) -> Check:
    """7. Minutes for every assembly held, approved and signed by those required, with the
    attendance list."""
    findings, unsigned = [], False
    for a in in_period(record, period):
        if not a.held:
            continue
        if a.minutes is None or not a.minutes.approved:
            findings.append(Finding("minutes_missing", False, {}, (_link("assembly", a),)))
            continue
        values = {"number": a.minutes.number, "attendance": a.attendance}
        links = (_link("minutes", a), _link("attendance", a))
        if a.attendance == 0:
            findings.append(Finding("minutes_no_attendance", False, values, links))
        elif a.minutes.signed is False:
            findings.append(Finding("minutes_unsigned", False, values, links))
        else:
            unsigned = unsigned or a.minutes.signed is None
            findings.append(Finding("minutes_approved", True, values, links))
    status, reason = decide(findings, "no_assembly_held")
    if status == Status.MET and unsigned:
        status, reason = Status.NO_DATA, "signatures_not_recorded"
    return Check(7, "minutes", status, reason, {}, tuple(findings))
