"""Each check passes on a record built to hold it and fails on one built to break it."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from coop.evidence.rules import assembly_checks as A
from coop.evidence.rules import decision_checks as D
from coop.evidence.rules import people_checks as P
from coop.evidence.rules.facts import (
    AssemblyFacts,
    ItemFacts,
    MemberFacts,
    MinutesFacts,
    OfficerFacts,
    Profile,
    Record,
    Settings,
    StatusEntry,
    VoteFacts,
)
from coop.evidence.rules.participation import AssemblyPoint, participation
from coop.evidence.rules.periods import YearEnd, financial_year, last_12_months, parse
from coop.evidence.rules.results import Status
from coop.members.rules import Product, Threshold, UnitFacts
from coop.statutes.presets import PRESETS
from coop.statutes.rules import DecisionKind

RULES = PRESETS["uruguay"]  # 10 to 30 days of notice, one proxy each, half plus one
FY = financial_year(YearEnd(), 2024)
TODAY = date(2025, 6, 1)


def vote(**changes) -> VoteFacts:
    base = VoteFacts(
        id=1,
        item_id=1,
        title="Cuentas",
        decision_kind="ordinary",
        kind="motion",
        is_open=False,
        counts=(("yes", 30, False), ("no", 10, False), ("abstain", 5, False)),
        blank=0,
        spoiled=0,
        outcome="approved",
        majority_rule=str(RULES.majority(DecisionKind.ORDINARY)),
        present=50,
        represented=0,
        eligible=80,
        quorum_required=41,
        abstained_by_law=0,
        seats=1,
        position=None,
        tie_break=None,
    )
    return replace(base, **changes)


def assembly(**changes) -> AssemblyFacts:
    base = AssemblyFacts(
        id=1,
        kind="ordinary",
        title="Asamblea",
        day=date(2024, 3, 20),
        status="closed",
        place="Sede",
        notice_on=date(2024, 3, 5),
        channels=("radio",),
        items=(ItemFacts(1, 1, "Cuentas", "decision", "ordinary", False),),
        rules=RULES,
        opened_call=1,
        opening={"present": 50, "represented": 0, "eligible": 80, "required": 41},
        roll=80,
        attendance=50,
        proxies=(),
        votes=(vote(),),
        minutes=MinutesFacts(1, True, True),
    )
    return replace(base, **changes)


def member(n: int, **changes) -> MemberFacts:
    base = MemberFacts(
        id=n,
        number=f"{n:03d}",
        name=f"Ana {n}",
        sex="female",
        birth_date=None,
        birth_year=1990,
        community="Loma",
        joined_on=date(2010, 1, 1),
        history=(StatusEntry(date(2010, 1, 1), "active", "", ""),),
        units=(UnitFacts(Product.COFFEE, Decimal("2"), None),),
    )
    return replace(base, **changes)


def officer(n: int, **changes) -> OfficerFacts:
    base = OfficerFacts(
        member_id=n,
        number=f"{n:03d}",
        name=f"Ana {n}",
        sex="female",
        birth_date=None,
        birth_year=1990,
        position="board",
        term_start=date(2023, 4, 1),
        term_end=date(2025, 3, 31),
        vote_id=9,
        assembly_id=1,
    )
    return replace(base, **changes)


def record(**changes) -> Record:
    rules = replace(RULES, board_size=2, oversight_size=0, board_term_years=2)
    base = Record(
        today=TODAY,
        settings=Settings(ordinary_within_days=120),
        assemblies=(assembly(),),
        members=tuple(member(n) for n in range(1, 6)),
        officers=(officer(1), officer(2)),
        statute_at_end=rules,
        thresholds={Product.COFFEE: Threshold(Decimal("15"))},
    )
    return replace(base, **changes)


def status(check) -> Status:
    return check.status


def test_periods():
    assert (FY.start, FY.end) == (date(2024, 1, 1), date(2024, 12, 31))
    june = financial_year(YearEnd(6, 30), 2024)
    assert (june.start, june.end) == (date(2023, 7, 1), date(2024, 6, 30))
    assert last_12_months(date(2024, 2, 29)).start == date(2023, 3, 1)
    assert parse("fy-2024", YearEnd(), TODAY) == FY and parse("fy-x", YearEnd(), TODAY) is None


def test_1_ordinary_assembly_within_the_window():
    assert status(A.ordinary_every_year(record(), FY)) == Status.MET
    late = record(assemblies=(assembly(day=date(2024, 6, 20)),))
    check = A.ordinary_every_year(late, FY)
    assert check.status == Status.NOT_MET and check.missing[0].code == "ordinary_late"
    none = record(assemblies=(assembly(kind="extraordinary"),))
    assert A.ordinary_every_year(none, FY).missing[0].code == "ordinary_missing"
    pending = record(today=date(2024, 2, 1), assemblies=())
    assert status(A.ordinary_every_year(pending, FY)) == Status.NO_DATA


def test_2_notice_within_limits_with_its_means():
    assert status(A.notice(record(), FY)) == Status.MET
    short = record(assemblies=(assembly(notice_on=date(2024, 3, 15)),))
    assert A.notice(short, FY).missing[0].code == "notice_too_short"
    long = record(assemblies=(assembly(notice_on=date(2024, 1, 2)),))
    assert A.notice(long, FY).missing[0].code == "notice_too_long"
    bare = record(assemblies=(assembly(items=(), place=" ", channels=()),))
    codes = {f.code for f in A.notice(bare, FY).missing}
    assert {"notice_no_agenda", "notice_no_place", "notice_no_channel"} <= codes
    assert status(A.notice(record(assemblies=()), FY)) == Status.NO_DATA


def test_3_quorum_at_the_call_used():
    assert status(A.quorum(record(), FY)) == Status.MET
    short = {"present": 30, "represented": 0, "eligible": 80, "required": 41}
    assert (
        A.quorum(record(assemblies=(assembly(opening=short),)), FY).missing[0].code
        == "quorum_short"
    )
    lax = {"present": 30, "represented": 0, "eligible": 80, "required": 20}
    assert (
        A.quorum(record(assemblies=(assembly(opening=lax),)), FY).missing[0].code
        == "quorum_rule_differs"
    )
    assert (
        A.quorum(record(assemblies=(assembly(roll=70),)), FY).missing[0].code
        == "quorum_roll_differs"
    )


def test_4_one_member_one_vote_and_proxies():
    assert status(D.one_member_one_vote(record(), FY)) == Status.MET
    two = record(assemblies=(assembly(proxies=((1, 2), (1, 3))),))
    assert D.one_member_one_vote(two, FY).missing[0].code == "proxy_over_limit"
    banned = record(assemblies=(assembly(rules=PRESETS["brazil"], proxies=((1, 2),)),))
    assert D.one_member_one_vote(banned, FY).missing[0].code == "proxy_banned"
    stuffed = record(assemblies=(assembly(votes=(vote(present=40),)),))
    assert D.one_member_one_vote(stuffed, FY).missing[0].code == "votes_exceed_voters"


def test_5_the_statutes_majority_on_every_decision():
    assert status(D.majorities(record(), FY)) == Status.MET
    wrong = record(assemblies=(assembly(votes=(vote(outcome="rejected"),)),))
    assert D.majorities(wrong, FY).missing[0].code == "majority_outcome_differs"
    rule = record(assemblies=(assembly(votes=(vote(majority_rule="1/3 present"),)),))
    assert D.majorities(rule, FY).missing[0].code == "majority_rule_differs"
    blind = record(assemblies=(assembly(votes=(vote(present=None),)),))
    assert D.majorities(blind, FY).missing[0].code == "vote_counts_missing"
    election = vote(kind="election", counts=(("option-1", 9, False), ("option-2", 3, True)))
    assert (
        D.majorities(record(assemblies=(assembly(votes=(election,)),)), FY).missing[0].code
        == "election_not_most_votes"
    )


def test_6_nothing_outside_the_published_agenda():
    assert status(A.agenda(record(), FY)) == Status.MET
    added = ItemFacts(2, 2, "Estatuto", "decision", "statute_change", True)
    items = (*assembly().items, added)
    check = A.agenda(record(assemblies=(assembly(items=items),)), FY)
    assert check.status == Status.NOT_MET and check.missing[0].code == "agenda_added_refused"


def test_7_minutes_approved_signed_with_attendance():
    assert status(A.minutes(record(), FY)) == Status.MET
    assert (
        A.minutes(record(assemblies=(assembly(minutes=None),)), FY).missing[0].code
        == "minutes_missing"
    )
    empty = record(assemblies=(assembly(attendance=0),))
    assert A.minutes(empty, FY).missing[0].code == "minutes_no_attendance"
    unknown = record(assemblies=(assembly(minutes=MinutesFacts(1, True, None)),))
    assert status(A.minutes(unknown, FY)) == Status.NO_DATA


def test_8_the_assembly_approves_the_accounts():
    # The default assembly's vote is an ordinary decision: the accounts were not voted on.
    assert D.accounts(record(), FY).reason == "no_accounts_vote"
    assert status(D.accounts(record(assemblies=()), FY)) == Status.NO_DATA
    on_accounts = vote(decision_kind=DecisionKind.ACCOUNTS.value)
    check = D.accounts(record(assemblies=(assembly(votes=(on_accounts,)),)), FY)
    assert check.status == Status.MET and check.figures["accounts_votes"] == 1
    rejected = replace(on_accounts, outcome="rejected")
    check = D.accounts(record(assemblies=(assembly(votes=(rejected,)),)), FY)
    assert check.reason == "accounts_not_approved"
    # Where the statute keeps officers out (Brazil), a vote with none kept out is no proof;
    # with the officers marked as abstaining by law, it is.
    brazil = replace(RULES, officers_abstain_on_accounts=True)
    nobody_out = assembly(votes=(on_accounts,), rules=brazil)
    check = D.accounts(record(assemblies=(nobody_out,)), FY)
    assert check.status == Status.NOT_MET
    assert check.missing[0].code == "accounts_officers_voted"
    officers_out = assembly(votes=(replace(on_accounts, abstained_by_law=2),), rules=brazil)
    assert status(D.accounts(record(assemblies=(officers_out,)), FY)) == Status.MET


def test_9_says_there_is_not_enough_data():
    assert status(D.premium(record(), FY)) == Status.NO_DATA


def test_10_officers_elected_within_terms():
    assert status(P.officers(record(), FY)) == Status.MET
    unelected = record(officers=(officer(1, vote_id=None), officer(2)))
    assert P.officers(unelected, FY).missing[0].code == "officer_not_elected"
    long = record(officers=(officer(1, term_end=date(2026, 3, 31)), officer(2)))
    assert P.officers(long, FY).missing[0].code == "officer_term_too_long"
    vacant = record(officers=(officer(1),))
    assert P.officers(vacant, FY).missing[0].code == "seats_vacant"
    stale = record(
        settings=Settings(board_renewal_percent=50),
        officers=(
            officer(1, term_start=date(2022, 4, 1), term_end=date(2024, 3, 31), vote_id=8),
            officer(2, term_start=date(2022, 4, 1), term_end=date(2024, 3, 31), vote_id=8),
            officer(1, term_start=date(2024, 4, 1), term_end=date(2026, 3, 31)),
            officer(2, term_start=date(2024, 4, 1), term_end=date(2026, 3, 31)),
        ),
    )
    assert "renewal_short" in {f.code for f in P.officers(stale, FY).missing}
    assert status(P.officers(record(officers=()), FY)) == Status.NO_DATA


def test_11_small_producers_share():
    assert status(P.small_producers(record(), FY)) == Status.MET
    big = (UnitFacts(Product.COFFEE, Decimal("40"), None),)
    large = record(
        members=tuple(member(n, units=big if n < 4 else member(n).units) for n in range(1, 6))
    )
    assert status(P.small_producers(large, FY)) == Status.NOT_MET
    unknown = record(
        members=tuple(member(n, units=() if n < 4 else member(n).units) for n in range(1, 6))
    )
    assert status(P.small_producers(unknown, FY)) == Status.NO_DATA


def test_12_a_complete_register():
    assert status(P.register(record(), FY)) == Status.MET
    gaps = record(members=(member(1, sex="not_stated", birth_year=None, community=""), member(2)))
    check = P.register(gaps, FY)
    assert check.status == Status.NOT_MET
    assert set(check.missing[0].values["missing"]) == {"sex", "age", "community"}
    # A status whose date the register does not know yet counts as a gap, not as missing.
    undated = (
        StatusEntry(date(2010, 1, 1), "active", "", ""),
        StatusEntry(date(2030, 1, 1), "withdrawn", "Renuncia", "", date_unknown=True),
    )
    check = P.register(record(members=(member(1, history=undated), member(2))), FY)
    assert check.status == Status.NOT_MET and check.figures["missing_status_date"] == 1
    assert check.missing[0].values["missing"] == ["status_date"]


def test_13_participation_of_women_and_young_people():
    point = AssemblyPoint(
        1, "Asamblea", date(2024, 3, 20), "ordinary", 80, 0, Profile(50, 30, 10), 1, 45
    )
    check = participation(record(), FY, (point,))
    assert check.status == Status.MET and check.figures["members_women"] == 5
    assert status(participation(record(), FY, ())) == Status.NO_DATA


def test_14_exclusions_with_their_reasons():
    assert status(P.exclusions(record(), FY)) == Status.MET
    out = StatusEntry(date(2024, 5, 1), "excluded", "", "")
    bare = record(members=(member(1, history=(*member(1).history, out)),))
    assert P.exclusions(bare, FY).missing[0].code == "exclusion_without_reason"
    reasoned = record(
        members=(member(1, history=(*member(1).history, replace(out, reason="Deudas"))),)
    )
    assert status(P.exclusions(reasoned, FY)) == Status.NO_DATA
