"""Starting points for a statute, from the laws in GOVERNANCE-RULES.md; every one is editable.

Figures a law leaves to the statute (or that were not verified) take common values and are
marked so in the comments.
"""

from coop.statutes.rules import (
    SIMPLE_MAJORITY,
    Basis,
    CallRule,
    DecisionKind,
    Eligibility,
    MajorityRule,
    Share,
    StatuteRules,
)

HALF_PLUS_ONE = Share(1, 2, more_than=True)
TWO_THIRDS = Share(2, 3)
THREE_QUARTERS = Share(3, 4)

# Brazil, Lei 5.764/1971: 10 days' notice; 2/3 of members at the first call, half plus one
# at the second, 10 members at the third, an hour apart; no proxies; decisions by majority
# of those present, 2/3 of those present for statute reform, merger or dissolution.
BRAZIL = StatuteRules(
    notice_min_days=10,
    notice_max_days=None,
    calls=(
        CallRule(share=TWO_THIRDS),
        CallRule(share=HALF_PLUS_ONE, minutes_after_previous=60),
        CallRule(min_count=10, minutes_after_previous=60),
    ),
    majorities={
        DecisionKind.ORDINARY: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.ELECTION: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    proxies_per_holder=0,
    board_size=5,
    board_term_years=4,
    oversight_size=3,
    oversight_term_years=1,
)

# Uruguay, Ley 18.407: only active members up to date with their obligations vote; 10 to 30
# days' notice; half plus one of them at the first call, whoever attends at the second (one
# hour later where the statute allows); one written proxy per holder; simple majority of the
# votes, 3/4 for merger, split or dissolution, which also need 2/3 of the active members in
# the room. Statute changes: 2/3 of those present (a common statute figure, not the law's).
URUGUAY = StatuteRules(
    notice_min_days=10,
    notice_max_days=30,
    calls=(CallRule(share=HALF_PLUS_ONE), CallRule(minutes_after_previous=60)),
    majorities={
        DecisionKind.ORDINARY: SIMPLE_MAJORITY,
        DecisionKind.ELECTION: SIMPLE_MAJORITY,
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(THREE_QUARTERS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(THREE_QUARTERS, Basis.PRESENT),
    },
    decision_quorums={DecisionKind.MERGER: TWO_THIRDS, DecisionKind.DISSOLUTION: TWO_THIRDS},
    eligibility=Eligibility.GOOD_STANDING,
    proxies_per_holder=1,
    proxy_document_required=True,
    board_size=3,
    board_term_years=2,
    oversight_size=3,
    oversight_term_years=2,
)

# Colombia, Ley 79/1988: half of the members in good standing; after one hour, 10 % of them
# and no fewer than 10 (half the 20 needed to found a cooperative). Notice, proxies and
# qualified majorities are left to the statute: common values here.
COLOMBIA = StatuteRules(
    notice_min_days=10,
    notice_max_days=None,
    calls=(
        CallRule(share=Share(1, 2)),
        CallRule(share=Share(1, 10), min_count=10, minutes_after_previous=60),
    ),
    majorities={
        DecisionKind.ORDINARY: SIMPLE_MAJORITY,
        DecisionKind.ELECTION: SIMPLE_MAJORITY,
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    eligibility=Eligibility.GOOD_STANDING,
    proxies_per_holder=0,
    board_size=5,
    board_term_years=2,
    oversight_size=3,
    oversight_term_years=2,
)

# A neutral start for any other country: half plus one, then whoever attends an hour later.
CUSTOM = StatuteRules(
    notice_min_days=15,
    notice_max_days=None,
    calls=(CallRule(share=HALF_PLUS_ONE), CallRule(minutes_after_previous=60)),
    majorities={
        DecisionKind.ORDINARY: SIMPLE_MAJORITY,
        DecisionKind.ELECTION: SIMPLE_MAJORITY,
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
)

PRESETS: dict[str, StatuteRules] = {
    "brazil": BRAZIL,
    "uruguay": URUGUAY,
    "colombia": COLOMBIA,
    "custom": CUSTOM,
}

COUNTRY_PRESETS = {"BR": "brazil", "UY": "uruguay", "CO": "colombia"}


def preset_for(country: str) -> str:
    """The preset an organization of `country` starts from."""
    return COUNTRY_PRESETS.get(country.upper(), "custom")
