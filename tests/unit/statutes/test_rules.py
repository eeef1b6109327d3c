from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.statutes.codec import from_json, to_json
from coop.statutes.presets import BRAZIL, COLOMBIA, CUSTOM, PRESETS, URUGUAY
from coop.statutes.rules import (
    Basis,
    CallRule,
    DecisionKind,
    MajorityRule,
    NoticeVerdict,
    Outcome,
    Share,
    StatuteRules,
    call_required,
    check_rules,
    decide,
    notice_verdict,
    quorum,
)

shares = st.builds(
    lambda d, n, more: Share(min(n, d), d, more),
    st.integers(1, 100),
    st.integers(1, 100),
    st.booleans(),
)


@given(share=shares, base=st.integers(0, 100_000))
def test_required_is_the_smallest_count_meeting_the_share(share, base):
    needed = share.required(base)
    fraction = base * share.numerator / share.denominator
    if share.more_than:
        assert needed > fraction and needed - 1 <= fraction
    else:
        assert needed >= fraction and needed - 1 < fraction


@given(share=shares, base=st.integers(0, 10_000), extra=st.integers(0, 10))
def test_required_never_falls_when_members_grow(share, base, extra):
    assert share.required(base + extra) >= share.required(base)


@pytest.mark.parametrize(
    ("rules", "eligible", "expected"),
    [
        (BRAZIL, 60, [40, 31, 10]),
        (BRAZIL, 7, [5, 4, 10]),
        (URUGUAY, 60, [31, 1]),
        (URUGUAY, 61, [31, 1]),
        (COLOMBIA, 60, [30, 10]),
        (COLOMBIA, 300, [150, 30]),
        (CUSTOM, 56, [29, 1]),
    ],
)
def test_presets_quorum_per_call(rules, eligible, expected):
    assert [call_required(call, eligible) for call in rules.calls] == expected


@given(
    present=st.integers(0, 500),
    represented=st.integers(0, 500),
    eligible=st.integers(0, 1000),
    rules=st.sampled_from(list(PRESETS.values())),
)
def test_quorum_reached_exactly_when_counted_meets_required(present, represented, eligible, rules):
    for call in range(1, len(rules.calls) + 1):
        panel = quorum(rules, call, present, represented, eligible)
        assert panel.reached == (present + represented >= panel.required)
        assert panel.missing == max(0, panel.required - panel.counted)


def test_quorum_refuses_calls_the_statute_lacks_and_negative_counts():
    with pytest.raises(ValueError):
        quorum(URUGUAY, 3, 1, 0, 10)
    with pytest.raises(ValueError):
        quorum(URUGUAY, 1, -1, 0, 10)


@pytest.mark.parametrize(
    ("rule", "votes", "present", "members", "outcome"),
    [
        (MajorityRule(Share(1, 2, True), Basis.VOTES_CAST), (10, 9, 30), 49, 60, Outcome.APPROVED),
        (MajorityRule(Share(1, 2, True), Basis.VOTES_CAST), (9, 9, 1), 19, 60, Outcome.TIED),
        (MajorityRule(Share(1, 2, True), Basis.PRESENT), (20, 5, 25), 50, 60, Outcome.REJECTED),
        (MajorityRule(Share(2, 3), Basis.PRESENT), (40, 20, 0), 60, 80, Outcome.APPROVED),
        (MajorityRule(Share(2, 3), Basis.PRESENT), (39, 21, 0), 60, 80, Outcome.REJECTED),
        (MajorityRule(Share(3, 4), Basis.MEMBERS), (60, 0, 0), 60, 80, Outcome.APPROVED),
        (MajorityRule(Share(3, 4), Basis.MEMBERS), (59, 0, 0), 59, 80, Outcome.REJECTED),
        (MajorityRule(Share(1, 2, True), Basis.VOTES_CAST), (0, 0, 12), 12, 60, Outcome.NO_VOTES),
    ],
)
def test_majorities(rule, votes, present, members, outcome):
    assert decide(*votes, rule, present, members) is outcome


@given(
    yes=st.integers(0, 300),
    no=st.integers(0, 300),
    abstain=st.integers(0, 300),
    rule=st.sampled_from([r for p in PRESETS.values() for r in p.majorities.values()]),
)
def test_more_yes_never_turns_approval_into_rejection(yes, no, abstain, rule):
    present = yes + no + abstain
    before = decide(yes, no, abstain, rule, present, present + 10)
    after = decide(yes + 1, no, abstain, rule, present + 1, present + 11)
    if before is Outcome.APPROVED and rule.basis != Basis.PRESENT:
        assert after is Outcome.APPROVED


def test_statute_changes_need_the_qualified_majority_of_each_preset():
    assert BRAZIL.majority(DecisionKind.STATUTE_CHANGE) == MajorityRule(Share(2, 3), Basis.PRESENT)
    assert URUGUAY.majority(DecisionKind.MERGER).share == Share(3, 4)
    # A statute silent on a kind of decision uses its ordinary rule.
    silent = StatuteRules(
        10, None, (CallRule(),), {DecisionKind.ORDINARY: BRAZIL.majority(DecisionKind.ORDINARY)}
    )
    assert silent.majority(DecisionKind.DISSOLUTION) == silent.majority(DecisionKind.ORDINARY)


@pytest.mark.parametrize(
    ("notice", "verdict"),
    [
        (date(2026, 3, 1), NoticeVerdict.TOO_LONG),
        (date(2026, 3, 4), NoticeVerdict.IN_TIME),
        (date(2026, 3, 24), NoticeVerdict.IN_TIME),
        (date(2026, 3, 25), NoticeVerdict.TOO_SHORT),
    ],
)
def test_uruguay_notice_between_10_and_30_days(notice, verdict):
    assert notice_verdict(URUGUAY, notice, date(2026, 4, 3)) is verdict


@pytest.mark.parametrize(("numerator", "denominator"), [(0, 2), (3, 2), (1, 0), (-1, 3)])
def test_impossible_fractions_are_refused(numerator, denominator):
    with pytest.raises(ValueError):
        Share(numerator, denominator)


def test_unsound_rules_are_named():
    assert check_rules(StatuteRules(10, 5, ())) == ["notice_max_below_min", "calls_count"]
    assert check_rules(StatuteRules(-1, None, (CallRule(min_count=0),))) == [
        "notice_negative",
        "call_min_count",
    ]
    assert check_rules(BRAZIL) == []


@pytest.mark.parametrize("rules", list(PRESETS.values()))
def test_rules_survive_their_json(rules):
    assert from_json(to_json(rules)) == rules


def test_delegates_in_proportion_to_each_section():
    from coop.statutes.rules import delegates_per_section

    assert delegates_per_section({"Grupo 1": 45, "Grupo 2": 10, "Grupo 3": 0}, 20) == {
        "Grupo 1": 3,
        "Grupo 2": 1,
    }
    with pytest.raises(ValueError):
        delegates_per_section({"A": 1}, 0)


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(1, 5000), max_size=20),
    st.integers(1, 500),
)
def test_every_section_with_members_has_a_delegate(sections, per_members):
    from coop.statutes.rules import delegates_per_section

    result = delegates_per_section(sections, per_members)
    assert set(result) == set(sections)
    for section, count in sections.items():
        assert result[section] * per_members >= count
        assert (result[section] - 1) * per_members < count or result[section] == 1


def test_uruguay_counts_members_up_to_date_and_asks_two_thirds_in_the_room_to_merge():
    from coop.statutes.rules import Eligibility, decision_quorum_required

    assert URUGUAY.eligibility is Eligibility.GOOD_STANDING
    assert decision_quorum_required(URUGUAY, DecisionKind.MERGER, 90) == 60
    assert decision_quorum_required(URUGUAY, DecisionKind.ORDINARY, 90) == 0
    assert URUGUAY.majority(DecisionKind.ORDINARY).basis is Basis.VOTES_CAST


@pytest.mark.parametrize(
    ("eligible", "share", "required"),
    [
        (60, Share(1, 2), 30),
        (61, Share(1, 2), 31),
        (60, Share(1, 2, more_than=True), 31),
        (60, Share(2, 3), 40),
        (10, Share(2, 3), 7),
        (0, Share(1, 2), 1),
        (1, Share(1, 1), 1),
    ],
)
def test_a_call_needs_its_share_rounded_up_and_at_least_one(eligible, share, required):
    assert call_required(CallRule(share=share), eligible) == required


def test_a_call_with_a_share_and_a_headcount_needs_both():
    call = CallRule(share=Share(1, 10), min_count=10)
    assert call_required(call, 50) == 10
    assert call_required(call, 500) == 50
