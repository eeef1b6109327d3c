"""The evidence in words: titles of the checks, their statuses, reasons and findings, in the
reader's language (or the report's, under `force_locale`)."""

from datetime import date, datetime
from typing import Any

from flask_babel import LazyString, format_date, format_decimal, format_number, format_percent

from coop.core.i18n import _, _l
from coop.core.labels import label, rule_words
from coop.evidence.rules.periods import Period
from coop.evidence.rules.results import Finding

TITLES: dict[str, LazyString] = {
    "ordinary_assembly": _l("An ordinary general assembly every financial year, in time"),
    "notice": _l("Notice within the statute's limits, with agenda, place, time and means"),
    "quorum": _l("Quorum at the call used, against the members entitled that day"),
    "one_member_one_vote": _l("One member, one vote; proxies within the statute's limits"),
    "majorities": _l("The statute's majority on every decision, with its counts"),
    "agenda": _l("No decision outside the published agenda"),
    "minutes": _l("Minutes of every assembly, signed, with the attendance list"),
    "accounts": _l("Accounts approved by the assembly; officers not voting on their own"),
    "premium": _l("Premium and development-plan spending approved before it is spent"),
    "officers": _l("Board and oversight elected, within terms, limits and renewal rules"),
    "small_producers": _l("Share of members who are small producers"),
    "register": _l("A complete member register"),
    "participation": _l("Women and young people among members, attendees and officers"),
    "exclusions": _l("Due process for exclusions"),
}

STATUSES: dict[str, LazyString] = {
    "met": _l("Met"),
    "not_met": _l("Not met"),
    "not_enough_data": _l("Not enough data"),
}

REASONS: dict[str, LazyString] = {
    "all_hold": _l("Every record examined holds."),
    "some_fail": _l("Some records do not hold: see what is missing."),
    "no_window_closes": _l("No window for an ordinary assembly closes in this period."),
    "window_still_open": _l("The window for the ordinary assembly is still open."),
    "no_assembly": _l("No assembly was convened in this period."),
    "no_assembly_held": _l("No assembly was held in this period."),
    "signatures_not_recorded": _l(
        "Minutes are approved, but the record does not keep their signatures yet."
    ),
    "no_vote": _l("No vote was taken in this period."),
    "no_accounts_vote": _l("No assembly of this period voted on the accounts."),
    "accounts_not_approved": _l("The accounts were put to the vote but not approved."),
    "accounts_approved": _l("The assembly approved the accounts."),
    "spending_not_recorded": _l(
        "The record does not keep premium or development-plan spending yet."
    ),
    "no_officers": _l("No board or oversight member is recorded for this period."),
    "no_production_recorded": _l("No member has a production unit recorded."),
    "share_below": _l("The share of small producers is below the share required."),
    "unknown_decides": _l("Members without production units recorded could change the result."),
    "share_reached": _l("The share of small producers reaches the share required."),
    "no_members": _l("No member in this period."),
    "no_attendees": _l("No attendance was recorded in this period."),
    "figures_shown": _l("The figures for members, attendees and officers are below."),
    "no_exclusions": _l("No member was excluded in this period."),
    "appeal_not_recorded": _l(
        "Reasons are recorded; the record does not keep the notice and the appeal to the "
        "assembly yet."
    ),
}

FINDINGS: dict[str, LazyString] = {
    "ordinary_held": _l(
        "Year closed on %(year_end)s: ordinary assembly held on %(day)s, within the window "
        "ending %(due)s."
    ),
    "ordinary_window_open": _l(
        "Year closed on %(year_end)s: its ordinary assembly may meet until %(due)s."
    ),
    "ordinary_late": _l(
        "Year closed on %(year_end)s: ordinary assembly held on %(day)s, after the window "
        "ended on %(due)s."
    ),
    "ordinary_missing": _l("Year closed on %(year_end)s: no ordinary assembly by %(due)s."),
    "notice_missing": _l("No notice date is recorded."),
    "notice_too_short": _l("Notice given %(days)s days before; the statute asks at least %(min)s."),
    "notice_too_long": _l("Notice given %(days)s days before; the statute allows at most %(max)s."),
    "notice_means_missing": _l("The notice missed means the statute requires: %(means)s."),
    "notice_no_channel": _l("How the notice was published is not recorded."),
    "notice_no_agenda": _l("The notice has no agenda."),
    "notice_no_place": _l("The notice names no place."),
    "notice_in_time": _l(
        "Notice given %(days)s days before, by %(channels)s, with %(items)s agenda items."
    ),
    "quorum_not_recorded": _l("The quorum at the opening is not recorded."),
    "quorum_call_unknown": _l("Opened at call %(call)s, which the statute does not have."),
    "quorum_roll_differs": _l(
        "The roll frozen at the opening holds %(roll)s members; the quorum counted %(eligible)s."
    ),
    "quorum_rule_differs": _l(
        "Call %(call)s: %(required)s were required; the statute asks %(needed)s of %(eligible)s."
    ),
    "quorum_short": _l(
        "Call %(call)s: %(counted)s present or represented; %(needed)s of %(eligible)s needed."
    ),
    "quorum_met": _l(
        "Opened at call %(call)s: %(counted)s present or represented of %(eligible)s entitled; "
        "%(needed)s needed."
    ),
    "agenda_added_allowed": _l(
        "Item %(position)s, “%(item)s”, added in session by the assembly's vote, as the statute "
        "allows."
    ),
    "agenda_added_refused": _l(
        "Item %(position)s, “%(item)s”, was added in session although the statute does not "
        "allow it."
    ),
    "agenda_as_published": _l("Every item was on the published agenda."),
    "minutes_missing": _l("No approved minutes."),
    "minutes_no_attendance": _l(
        "Minutes no. %(number)s are approved, but the attendance book is empty."
    ),
    "minutes_unsigned": _l("Minutes no. %(number)s lack signatures the statute requires."),
    "minutes_approved": _l(
        "Minutes no. %(number)s approved; %(attendance)s lines in the attendance book."
    ),
    "proxy_in_delegate_assembly": _l(
        "%(proxies)s proxies recorded in a delegate assembly, which allows none."
    ),
    "proxy_banned": _l("%(proxies)s proxies recorded although the statute allows none."),
    "proxy_over_limit": _l("A member carried %(most)s proxies; the statute allows %(limit)s."),
    "votes_exceed_voters": _l(
        "“%(vote)s”: %(ballots)s votes counted, but %(in_room)s members present or represented."
    ),
    "one_vote_each": _l(
        "%(votes)s votes, none with more votes than members in the room; %(proxies)s proxies "
        "(at most %(limit)s per member)."
    ),
    "election_over_seats": _l("“%(vote)s”: %(elected)s elected for %(seats)s seats."),
    "election_not_most_votes": _l("“%(vote)s”: those elected are not those with most votes."),
    "election_counted": _l("“%(vote)s”: %(elected)s elected for %(seats)s seats, by most votes."),
    "majority_rule_differs": _l(
        "“%(vote)s”: decided by %(stored_rule)s; the statute asks %(rule)s."
    ),
    "decision_quorum_short": _l(
        "“%(vote)s”: %(in_room)s present or represented; this decision needs %(needed)s."
    ),
    "majority_outcome_differs": _l(
        "“%(vote)s”: recorded as %(outcome)s, but its counts give %(expected)s under %(rule)s."
    ),
    "majority_applied": _l("“%(vote)s”: %(ballots)s votes counted under %(rule)s: %(outcome)s."),
    "vote_counts_missing": _l("“%(vote)s”: its counts or its quorum are not stored."),
    "accounts_vote": _l(
        "Accounts, “%(vote)s”: %(outcome)s; %(abstained)s officers abstained by law."
    ),
    "accounts_officers_voted": _l(
        "Accounts, “%(vote)s”: %(outcome)s, but no officer is recorded as abstaining by law, "
        "as the statute requires of those present."
    ),
    "officer_not_elected": _l(
        "%(name)s (%(position)s, %(start)s – %(end)s) was not seated by an election."
    ),
    "officer_term_too_long": _l(
        "%(name)s (%(position)s): the term %(start)s – %(end)s is longer than the statute's "
        "%(years)s years."
    ),
    "officer_over_limit": _l(
        "%(name)s (%(position)s): %(terms)s consecutive terms; the statute allows %(most)s."
    ),
    "officer_elected": _l("%(name)s (%(position)s, %(start)s – %(end)s), elected by the assembly."),
    "seats_vacant": _l("%(position)s: %(seated)s of %(size)s seats filled on %(day)s."),
    "renewal_met": _l(
        "The election of %(day)s renewed %(renewed)s of %(size)s board seats (at least "
        "%(percent)s %% required)."
    ),
    "renewal_short": _l(
        "The election of %(day)s renewed %(renewed)s of %(size)s board seats; at least "
        "%(percent)s %% are required."
    ),
    "not_small_producer": _l("Above the small-producer thresholds."),
    "production_not_recorded": _l("No production unit recorded."),
    "register_gaps": _l("Missing: %(missing)s."),
    "exclusion_reasoned": _l("Excluded on %(day)s. Reason: %(reason)s"),
    "exclusion_without_reason": _l("Excluded on %(day)s without a recorded reason."),
}

GAPS: dict[str, LazyString] = {
    "identity": _l("name"),
    "sex": _l("sex"),
    "age": _l("date or year of birth"),
    "community": _l("community"),
    "units": _l("production units"),
    "exit": _l("reason for leaving"),
    "status_date": _l("date of a status"),
}

FIGURES: dict[str, LazyString] = {
    "accounts_votes": _l("Votes on the accounts"),
    "window_days": _l("Days after the year closes"),
    "assemblies": _l("Assemblies"),
    "votes": _l("Votes"),
    "serving": _l("Officers serving"),
    "day": _l("On"),
    "members": _l("Members"),
    "small": _l("Small producers"),
    "not_small": _l("Above the thresholds"),
    "unknown": _l("Production not recorded"),
    "share": _l("Share of small producers"),
    "required": _l("Share required (%)"),
    "incomplete": _l("Incomplete entries"),
    "missing_identity": _l("Without a name"),
    "missing_sex": _l("Sex not stated"),
    "missing_age": _l("Without a date or year of birth"),
    "missing_community": _l("Without a community"),
    "missing_units": _l("Without production units"),
    "missing_exit": _l("Left without a reason"),
    "missing_status_date": _l("A status without its date"),
    "exclusions": _l("Exclusions"),
}

LINKS: dict[str, LazyString] = {
    "assembly": _l("Assembly"),
    "notice": _l("Notice"),
    "attendance": _l("Attendance"),
    "vote": _l("Vote"),
    "minutes": _l("Minutes"),
    "member": _l("Member"),
}


def value_words(key: str, value: Any) -> str:
    """One value of a finding or figure as the reader writes it."""
    if value is None:
        return "—"
    if isinstance(value, datetime | date):
        return format_date(value, "medium")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return format_percent(value, "#,##0.0%")
    if isinstance(value, int):
        return format_number(value)
    if key in ("channels", "means"):
        return ", ".join(label("channel." + v) for v in value)
    if key == "missing":
        return ", ".join(str(GAPS.get(v, v)) for v in value)
    if key == "position":
        return label("position." + value)
    if key in ("outcome", "expected"):
        return label(value)
    if key in ("rule", "stored_rule"):
        return rule_words(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def finding_words(finding: Finding) -> str:
    """A finding as a sentence."""
    values = {key: value_words(key, value) for key, value in finding.values.items()}
    return str(FINDINGS[finding.code]) % values


def figure_words(key: str, value: Any) -> str:
    """A figure's value, a share written as a percentage."""
    if key == "share" and isinstance(value, float):
        return format_percent(value, "#,##0.0%")
    return value_words(key, value)


def period_words(period: Period) -> str:
    """A period's name: "Financial year 2024 (1 Jan 2024 – 31 Dec 2024)"."""
    span = f"{format_date(period.start, 'medium')} – {format_date(period.end, 'medium')}"
    if period.is_financial_year:
        return _("Financial year %(year)s (%(span)s)", year=period.year, span=span)
    return _("Last 12 months (%(span)s)", span=span)


def share_words(value: float | None) -> str:
    """A share as a percentage, or a dash."""
    return "—" if value is None else format_decimal(value * 100, "#,##0.0") + " %"
