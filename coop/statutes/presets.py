"""Starting points for a statute, from the laws in GOVERNANCE-RULES.md; every one is editable.

Figures a law leaves to the statute (or that were not verified) take common values and are
marked so in the comments.
"""

from coop.statutes.rules import (
    SIMPLE_MAJORITY,
    AgendaAdditions,
    Basis,
    CallRule,
    DecisionKind,
    DecisionQuorum,
    Eligibility,
    EligibleOn,
    MajorityRule,
    NoticeChannel,
    Share,
    StatuteRules,
)

HALF_PLUS_ONE = Share(1, 2, more_than=True)
TWO_THIRDS = Share(2, 3)
THREE_QUARTERS = Share(3, 4)

# Brazil, Lei 5.764/1971.
BRAZIL = StatuteRules(
    # Art. 38 §1: at least 10 days before the first call, by notices posted where members
    # usually go, publication in a regional newspaper and circulars to the members: all three.
    notice_min_days=10,
    notice_max_days=None,
    notice_channels_required=frozenset(
        {NoticeChannel.OFFICE, NoticeChannel.NEWSPAPER, NoticeChannel.LETTER}
    ),
    # Art. 40: 2/3 of members at the first call, half plus one at the second, 10 members at
    # the third, an hour apart.
    calls=(
        CallRule(share=TWO_THIRDS),
        CallRule(share=HALF_PLUS_ONE, minutes_after_previous=60),
        CallRule(min_count=10, minutes_after_previous=60),
    ),
    # Art. 38 §3: decisions by majority of the members present with the right to vote;
    # art. 46 sole paragraph: 2/3 of those present for statute reform (the members' liability
    # is set in the statute), merger, incorporation, split, change of object and dissolution.
    majorities={
        DecisionKind.ORDINARY: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.ACCOUNTS: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.ELECTION: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_OBJECT: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_LIABILITY: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    # Art. 46: those decisions belong to the extraordinary assembly alone.
    extraordinary_only=frozenset(
        {
            DecisionKind.STATUTE_CHANGE,
            DecisionKind.MERGER,
            DecisionKind.DISSOLUTION,
            DecisionKind.CHANGE_OF_OBJECT,
            DecisionKind.CHANGE_OF_LIABILITY,
        }
    ),
    # Art. 45: the extraordinary assembly decides only what its notice names. The law sets no
    # such bar for the ordinary assembly (art. 44): the statute decides, here by its own vote.
    agenda_additions=AgendaAdditions.BY_VOTE,
    extraordinary_notice_only=True,
    # Art. 44 §1: board and fiscal-council members do not vote on the accounts, fees and
    # matters of their own management.
    officers_abstain_on_accounts=True,
    # Art. 31: a member employed by the cooperative loses the vote and eligibility until the
    # accounts of the year the job ended are approved.
    employees_vote_after_accounts=True,
    # The notice states how many members may vote on its date, for the quorum (the
    # registries' rule for the notice; not read in the law here).
    eligible_on=EligibleOn.NOTICE,
    # No proxies in Lei 5.764.
    proxies_per_holder=0,
    board_size=5,
    board_term_years=4,
    oversight_size=3,
    oversight_term_years=1,
)

# Uruguay, Ley 18.407 as amended by Ley 19.181.
_URUGUAY_SPECIAL_QUORUM = DecisionQuorum(TWO_THIRDS, at_most=100)
URUGUAY = StatuteRules(
    # Notice 10 to 30 days before, stating date, time, place and agenda.
    notice_min_days=10,
    notice_max_days=30,
    # Half plus one of the active members at the first call, whoever attends at the second
    # (one hour later where the statute allows it).
    calls=(CallRule(share=HALF_PLUS_ONE), CallRule(minutes_after_previous=60)),
    # Art. 33: simple majority of the votes present; 3/4 for merger, incorporation, split or
    # a substantial change of object. Art. 93: dissolution by 2/3 of the votes present.
    # Statute changes and a change of liability: 2/3 of those present (a common statute
    # figure, not the law's).
    majorities={
        DecisionKind.ORDINARY: SIMPLE_MAJORITY,
        DecisionKind.ACCOUNTS: SIMPLE_MAJORITY,
        DecisionKind.ELECTION: SIMPLE_MAJORITY,
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(THREE_QUARTERS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_OBJECT: MajorityRule(THREE_QUARTERS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_LIABILITY: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    # Art. 32: merger, incorporation, split, dissolution, a substantial change of object and a
    # change of liability need 2/3 of the active members in the room; in a cooperative of more
    # than 100 members, the lower of 2/3 and 100; in a delegate assembly, 2/3 of the delegates.
    decision_quorums={
        DecisionKind.MERGER: _URUGUAY_SPECIAL_QUORUM,
        DecisionKind.DISSOLUTION: _URUGUAY_SPECIAL_QUORUM,
        DecisionKind.CHANGE_OF_OBJECT: _URUGUAY_SPECIAL_QUORUM,
        DecisionKind.CHANGE_OF_LIABILITY: _URUGUAY_SPECIAL_QUORUM,
    },
    # Art. 30: resolutions on matters outside the published agenda are void.
    agenda_additions=AgendaAdditions.NEVER,
    extraordinary_notice_only=True,
    # Only active members, up to date with their obligations, vote: on the assembly's day.
    eligibility=Eligibility.GOOD_STANDING,
    eligible_on=EligibleOn.ASSEMBLY_DAY,
    # A written proxy represents one other member only.
    proxies_per_holder=1,
    proxy_document_required=True,
    board_size=3,
    board_term_years=2,
    oversight_size=3,
    oversight_term_years=2,
)

# Colombia, Ley 79/1988.
COLOMBIA = StatuteRules(
    # Notice is left to the statute: a common value.
    notice_min_days=10,
    notice_max_days=None,
    # Art. 31: half of the members hábiles (registered, not suspended, up to date); after one
    # hour, 10 % of them and no fewer than 10 (half the 20 needed to found a cooperative).
    calls=(
        CallRule(share=Share(1, 2)),
        CallRule(share=Share(1, 10), min_count=10, minutes_after_previous=60),
    ),
    # Art. 31: once formed, the quorum holds while that reduced minimum remains.
    quorum_kept=CallRule(share=Share(1, 10), min_count=10),
    # Art. 31: a delegate assembly needs half of the delegates elected and convened, with no
    # reduced call.
    delegate_quorum=Share(1, 2),
    # Art. 32: absolute majority of the votes of those present; 2/3 of them for statute
    # reform, merger, incorporation, transformation and dissolution. (Arts. 32-33 as commonly
    # cited, not read in the official text here.)
    majorities={
        DecisionKind.ORDINARY: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.ACCOUNTS: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.ELECTION: MajorityRule(HALF_PLUS_ONE, Basis.PRESENT),
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_OBJECT: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_LIABILITY: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    # Art. 28: an extraordinary assembly treats only what it was convened for. An ordinary
    # one may add ordinary business by its own vote (a common statute rule).
    agenda_additions=AgendaAdditions.BY_VOTE,
    extraordinary_notice_only=True,
    # Members hábiles are listed with the notice (the supervisor's practice; check the statute).
    eligibility=Eligibility.GOOD_STANDING,
    eligible_on=EligibleOn.NOTICE,
    # Art. 33: no representation by proxy.
    proxies_per_holder=0,
    board_size=5,
    board_term_years=2,
    oversight_size=3,
    oversight_term_years=2,
)

# A neutral start for any other country: half plus one, then whoever attends an hour later;
# an extraordinary assembly decides only what its notice names, as the laws above all say.
CUSTOM = StatuteRules(
    notice_min_days=15,
    notice_max_days=None,
    calls=(CallRule(share=HALF_PLUS_ONE), CallRule(minutes_after_previous=60)),
    majorities={
        DecisionKind.ORDINARY: SIMPLE_MAJORITY,
        DecisionKind.ACCOUNTS: SIMPLE_MAJORITY,
        DecisionKind.ELECTION: SIMPLE_MAJORITY,
        DecisionKind.STATUTE_CHANGE: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.MERGER: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.DISSOLUTION: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_OBJECT: MajorityRule(TWO_THIRDS, Basis.PRESENT),
        DecisionKind.CHANGE_OF_LIABILITY: MajorityRule(TWO_THIRDS, Basis.PRESENT),
    },
    extraordinary_notice_only=True,
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
