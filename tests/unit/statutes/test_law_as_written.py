"""The presets say what the laws say, and the new statute settings decide on plain values."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.statutes.codec import from_json, to_json
from coop.statutes.presets import BRAZIL, COLOMBIA, CUSTOM, PRESETS, URUGUAY
from coop.statutes.rules import (
    ORDINARY_BUSINESS,
    AgendaAdditions,
    AgendaRefusal,
    Basis,
    CallRule,
    DecisionKind,
    DecisionQuorum,
    Eligibility,
    EligibleOn,
    MajorityRule,
    NoticeChannel,
    Outcome,
    Share,
    StatuteRules,
    agenda_refusal,
    call_required,
    check_rules,
    decide,
    decision_quorum_required,
    notice_means_missing,
    quorum,
)

SPECIAL = [
    DecisionKind.MERGER,
    DecisionKind.DISSOLUTION,
    DecisionKind.CHANGE_OF_OBJECT,
    DecisionKind.CHANGE_OF_LIABILITY,
]
# The accounts are ordinary business of the ordinary assembly, but never added in session.
WEIGHTY = [k for k in DecisionKind if k not in ORDINARY_BUSINESS | {DecisionKind.ACCOUNTS}]

shares = st.builds(
    lambda d, n, more: Share(min(n, d), d, more),
    st.integers(1, 100),
    st.integers(1, 100),
    st.booleans(),
)
calls = st.builds(
    CallRule,
    st.none() | shares,
    st.none() | st.integers(1, 50),
    st.integers(0, 600),
)
rules_strategy = st.builds(
    StatuteRules,
    notice_min_days=st.integers(0, 60),
    notice_max_days=st.none() | st.integers(60, 120),
    calls=st.lists(calls, min_size=1, max_size=3).map(tuple),
    majorities=st.dictionaries(
        st.sampled_from(DecisionKind), st.builds(MajorityRule, shares, st.sampled_from(Basis))
    ),
    decision_quorums=st.dictionaries(
        st.sampled_from(DecisionKind),
        st.builds(
            DecisionQuorum,
            shares.map(lambda s: Share(s.numerator, s.denominator)),
            st.none() | st.integers(1, 500),
        ),
    ),
    eligibility=st.sampled_from(Eligibility),
    eligible_on=st.sampled_from(EligibleOn),
    notice_channels_required=st.frozensets(st.sampled_from(NoticeChannel)),
    extraordinary_only=st.frozensets(st.sampled_from(WEIGHTY)),
    agenda_additions=st.sampled_from(AgendaAdditions),
    extraordinary_notice_only=st.booleans(),
    quorum_kept=st.none() | calls.map(lambda c: replace(c, minutes_after_previous=0)),
    delegate_quorum=st.none() | shares.map(lambda s: Share(s.numerator, s.denominator)),
    proxies_per_holder=st.integers(0, 5),
    officers_abstain_on_accounts=st.booleans(),
    employees_vote_after_accounts=st.booleans(),
)


# Uruguay, Ley 18.407 as amended by Ley 19.181.


@pytest.mark.parametrize(
    ("eligible", "required"),
    [(6, 4), (90, 60), (100, 67), (120, 80), (150, 100), (151, 100), (3000, 100)],
)
def test_uruguay_special_quorum_is_two_thirds_and_never_more_than_100(eligible, required):
    for kind in SPECIAL:
        assert decision_quorum_required(URUGUAY, kind, eligible) == required
    assert decision_quorum_required(URUGUAY, DecisionKind.ORDINARY, eligible) == 0


@given(eligible=st.integers(0, 100_000))
def test_uruguay_special_quorum_members_and_delegates(eligible):
    two_thirds = -(-2 * eligible // 3)
    members = URUGUAY.for_assembly(delegates=False)
    delegates = URUGUAY.for_assembly(delegates=True)
    for kind in SPECIAL:
        # The lower of 2/3 and 100: the cap only ever binds above 100 members.
        assert decision_quorum_required(members, kind, eligible) == min(two_thirds, 100)
        # In a delegate assembly, 2/3 of the delegates, however many.
        assert decision_quorum_required(delegates, kind, eligible) == two_thirds


@pytest.mark.parametrize(
    ("kind", "yes", "present", "outcome"),
    [
        (DecisionKind.DISSOLUTION, 40, 60, Outcome.APPROVED),
        (DecisionKind.DISSOLUTION, 39, 60, Outcome.REJECTED),
        (DecisionKind.MERGER, 45, 60, Outcome.APPROVED),
        (DecisionKind.MERGER, 44, 60, Outcome.REJECTED),
        (DecisionKind.CHANGE_OF_OBJECT, 44, 60, Outcome.REJECTED),
    ],
)
def test_uruguay_dissolution_by_two_thirds_and_merger_by_three_quarters_of_votes_present(
    kind, yes, present, outcome
):
    rule = URUGUAY.majority(kind)
    assert rule.basis is Basis.PRESENT
    assert decide(yes, present - yes, 0, rule, present, 100) is outcome


@pytest.mark.parametrize("kind", list(DecisionKind))
@pytest.mark.parametrize("extraordinary", [True, False])
def test_uruguay_adds_nothing_to_the_agenda_in_session(kind, extraordinary):
    refusal = agenda_refusal(
        URUGUAY,
        kind,
        ordinary_assembly=not extraordinary,
        extraordinary_assembly=extraordinary,
        in_session=True,
    )
    assert refusal is AgendaRefusal.NEVER
    # Before the notice, anything may be put on the agenda.
    assert (
        agenda_refusal(
            URUGUAY,
            kind,
            ordinary_assembly=not extraordinary,
            extraordinary_assembly=extraordinary,
            in_session=False,
        )
        is None
    )


# Brazil, Lei 5.764/1971.


@given(used=st.sets(st.sampled_from(NoticeChannel)))
def test_brazil_notice_needs_posted_notices_newspaper_and_circulars(used):
    missing = notice_means_missing(BRAZIL, [c.value for c in used])
    required = {NoticeChannel.OFFICE, NoticeChannel.NEWSPAPER, NoticeChannel.LETTER}
    assert set(missing) == required - used
    assert notice_means_missing(CUSTOM, [c.value for c in used]) == []


def test_missing_means_are_named_in_a_stable_order():
    assert notice_means_missing(BRAZIL, ["radio", "office"]) == [
        NoticeChannel.NEWSPAPER,
        NoticeChannel.LETTER,
    ]


@pytest.mark.parametrize("kind", WEIGHTY)
def test_brazil_weighty_decisions_belong_to_the_extraordinary_assembly(kind):
    assert BRAZIL.majority(kind) == MajorityRule(Share(2, 3), Basis.PRESENT)
    ordinary = dict(ordinary_assembly=True, extraordinary_assembly=False)
    extraordinary = dict(ordinary_assembly=False, extraordinary_assembly=True)
    assert agenda_refusal(BRAZIL, kind, **ordinary, in_session=False) is (
        AgendaRefusal.EXTRAORDINARY_ONLY
    )
    assert agenda_refusal(BRAZIL, kind, **extraordinary, in_session=False) is None
    # An extraordinary assembly decides only what its notice names.
    assert agenda_refusal(BRAZIL, kind, **extraordinary, in_session=True) is (
        AgendaRefusal.NOTICE_ONLY
    )


def test_brazil_ordinary_assembly_may_add_ordinary_business_by_vote():
    for kind in ORDINARY_BUSINESS:
        assert (
            agenda_refusal(
                BRAZIL, kind, ordinary_assembly=True, extraordinary_assembly=False, in_session=True
            )
            is None
        )
        assert (
            agenda_refusal(
                BRAZIL, kind, ordinary_assembly=False, extraordinary_assembly=True, in_session=True
            )
            is AgendaRefusal.NOTICE_ONLY
        )


# Colombia, Ley 79/1988.


@pytest.mark.parametrize(
    ("eligible", "counted", "holds"),
    [(300, 150, True), (300, 30, True), (300, 29, False), (60, 10, True), (60, 9, False)],
)
def test_colombia_keeps_its_quorum_while_the_reduced_minimum_remains(eligible, counted, holds):
    panel = quorum(COLOMBIA, 1, counted, 0, eligible, in_session=True)
    assert panel.holds is holds
    # Before the session opens, the call's own quorum decides.
    assert quorum(COLOMBIA, 1, counted, 0, eligible).holds is (counted >= eligible // 2)


@given(
    rules=st.sampled_from(list(PRESETS.values())) | rules_strategy,
    present=st.integers(0, 500),
    represented=st.integers(0, 50),
    eligible=st.integers(0, 1000),
    in_session=st.booleans(),
)
def test_a_kept_quorum_never_asks_more_than_the_call(
    rules, present, represented, eligible, in_session
):
    for call in range(1, len(rules.calls) + 1):
        panel = quorum(rules, call, present, represented, eligible, in_session)
        assert panel.holding <= panel.required
        # Whoever could open the session can still decide.
        assert panel.reached <= panel.holds
        if not in_session or rules.quorum_kept is None:
            assert panel.holds == panel.reached
        else:
            expected = min(panel.required, call_required(rules.quorum_kept, eligible))
            assert panel.holding == expected


def test_colombia_delegate_assembly_meets_in_one_call_of_half_the_delegates():
    delegates = COLOMBIA.for_assembly(delegates=True)
    assert delegates.calls == (CallRule(share=Share(1, 2)),)
    assert delegates.quorum_kept is None
    assert call_required(delegates.calls[0], 41) == 21
    assert COLOMBIA.for_assembly(delegates=False) is COLOMBIA


def test_colombia_decides_by_majority_of_those_present_without_proxies():
    rule = COLOMBIA.majority(DecisionKind.ORDINARY)
    assert rule == MajorityRule(Share(1, 2, more_than=True), Basis.PRESENT)
    # 8 yes of 16 present is not an absolute majority, whatever the abstentions.
    assert decide(8, 2, 6, rule, 16, 30) is Outcome.REJECTED
    assert decide(9, 2, 5, rule, 16, 30) is Outcome.APPROVED
    assert COLOMBIA.proxies_per_holder == 0
    assert COLOMBIA.majority(DecisionKind.STATUTE_CHANGE).share == Share(2, 3)


# Every statute.


@given(
    rules=rules_strategy,
    kind=st.sampled_from(DecisionKind),
    assembly=st.sampled_from(["ordinary", "extraordinary", "delegate"]),
    in_session=st.booleans(),
)
def test_what_an_assembly_may_add_follows_every_setting(rules, kind, assembly, in_session):
    refusal = agenda_refusal(
        rules,
        kind,
        ordinary_assembly=assembly == "ordinary",
        extraordinary_assembly=assembly == "extraordinary",
        in_session=in_session,
    )
    banned_here = assembly == "ordinary" and kind in rules.extraordinary_only
    if not in_session:
        assert refusal == (AgendaRefusal.EXTRAORDINARY_ONLY if banned_here else None)
        return
    allowed = (
        not banned_here
        and rules.agenda_additions == AgendaAdditions.BY_VOTE
        and not (assembly == "extraordinary" and rules.extraordinary_notice_only)
        and kind in ORDINARY_BUSINESS
    )
    assert (refusal is None) == allowed


@given(rules=rules_strategy)
def test_every_setting_survives_its_json(rules):
    assert from_json(to_json(rules)) == rules


def test_versions_from_before_the_new_settings_read_as_coop_then_behaved():
    old = {
        "notice_min_days": 10,
        "notice_max_days": 30,
        "calls": [{"share": [1, 2, True], "min_count": None, "minutes_after_previous": 0}],
        "majorities": {"merger": {"share": [3, 4, False], "basis": "present"}},
        "decision_quorums": {"merger": [2, 3, False]},
        "eligibility": "good_standing",
        "proxies_per_holder": 1,
    }
    rules = from_json(old)
    assert rules.decision_quorums == {DecisionKind.MERGER: DecisionQuorum(Share(2, 3))}
    assert rules.agenda_additions is AgendaAdditions.BY_VOTE
    assert rules.extraordinary_notice_only is False
    assert rules.eligible_on is EligibleOn.ASSEMBLY_DAY
    assert rules.notice_channels_required == frozenset()
    assert rules.extraordinary_only == frozenset()
    assert rules.quorum_kept is None and rules.delegate_quorum is None
    assert rules.officers_abstain_on_accounts is False
    assert rules.employees_vote_after_accounts is False
    assert check_rules(rules) == []


def test_unsound_new_settings_are_named():
    broken = replace(
        CUSTOM,
        quorum_kept=CallRule(min_count=0),
        decision_quorums={DecisionKind.MERGER: DecisionQuorum(Share(2, 3), at_most=0)},
        extraordinary_only=frozenset({DecisionKind.ORDINARY}),
    )
    assert check_rules(broken) == [
        "call_min_count",
        "decision_quorum_at_most",
        "ordinary_extraordinary_only",
    ]


@pytest.mark.parametrize("rules", list(PRESETS.values()))
def test_presets_are_sound_and_name_a_majority_for_every_kind(rules):
    assert check_rules(rules) == []
    assert set(rules.majorities) == set(DecisionKind)
    assert check_rules(rules.for_assembly(delegates=True)) == []


def test_only_brazil_keeps_employees_from_voting_until_their_years_accounts_are_approved():
    # Lei 5.764/1971, art. 31.
    assert BRAZIL.employees_vote_after_accounts is True
    assert {name for name, rules in PRESETS.items() if rules.employees_vote_after_accounts} == {
        "brazil"
    }
    assert to_json(BRAZIL)["employees_vote_after_accounts"] is True
    assert from_json(to_json(BRAZIL)).employees_vote_after_accounts is True
    assert URUGUAY.employees_vote_after_accounts is False
    assert COLOMBIA.employees_vote_after_accounts is False
