"""StatuteRules to and from the plain JSON a statute version is stored as.

Versions recorded before a setting existed lack its key: they read back with the setting's
default, which is how coop behaved when they were recorded.
"""

from typing import Any

from coop.statutes.rules import (
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
    TieBreak,
)


def _share(value: list[Any] | None) -> Share | None:
    return None if value is None else Share(int(value[0]), int(value[1]), bool(value[2]))


def _share_json(share: Share | None) -> list[Any] | None:
    return None if share is None else [share.numerator, share.denominator, share.more_than]


def _call_json(call: CallRule | None) -> dict[str, Any] | None:
    if call is None:
        return None
    return {
        "share": _share_json(call.share),
        "min_count": call.min_count,
        "minutes_after_previous": call.minutes_after_previous,
    }


def _call(data: dict[str, Any] | None) -> CallRule | None:
    if data is None:
        return None
    return CallRule(
        _share(data.get("share")),
        data.get("min_count"),
        int(data.get("minutes_after_previous", 0)),
    )


def _decision_quorum(value: list[Any] | dict[str, Any] | None) -> DecisionQuorum | None:
    # Older versions stored the share alone, as a list.
    if isinstance(value, list):
        share = _share(value)
        return None if share is None else DecisionQuorum(share)
    if not value or (share := _share(value.get("share"))) is None:
        return None
    at_most = value.get("at_most")
    return DecisionQuorum(share, None if at_most is None else int(at_most))


def to_json(rules: StatuteRules) -> dict[str, Any]:
    """The rules as JSON-ready values."""
    return {
        "notice_min_days": rules.notice_min_days,
        "notice_max_days": rules.notice_max_days,
        "notice_channels_required": [
            c.value for c in NoticeChannel if c in rules.notice_channels_required
        ],
        "calls": [_call_json(c) for c in rules.calls],
        "quorum_kept": _call_json(rules.quorum_kept),
        "delegate_quorum": _share_json(rules.delegate_quorum),
        "majorities": {
            kind.value: {"share": _share_json(rule.share), "basis": rule.basis.value}
            for kind, rule in rules.majorities.items()
        },
        "decision_quorums": {
            kind.value: {"share": _share_json(q.share), "at_most": q.at_most}
            for kind, q in rules.decision_quorums.items()
        },
        "extraordinary_only": [k.value for k in DecisionKind if k in rules.extraordinary_only],
        "agenda_additions": rules.agenda_additions.value,
        "extraordinary_notice_only": rules.extraordinary_notice_only,
        "eligibility": rules.eligibility.value,
        "eligible_on": rules.eligible_on.value,
        "proxies_per_holder": rules.proxies_per_holder,
        "proxy_document_required": rules.proxy_document_required,
        "delegates_per_members": rules.delegates_per_members,
        "board_size": rules.board_size,
        "board_term_years": rules.board_term_years,
        "oversight_size": rules.oversight_size,
        "oversight_term_years": rules.oversight_term_years,
        "tie_break": rules.tie_break.value,
        "officers_abstain_on_accounts": rules.officers_abstain_on_accounts,
        "employees_vote_after_accounts": rules.employees_vote_after_accounts,
        "board_max_terms": rules.board_max_terms,
        "oversight_max_terms": rules.oversight_max_terms,
    }


def from_json(data: dict[str, Any]) -> StatuteRules:
    """Rules read back from their JSON."""
    majorities = {}
    for kind, rule in data.get("majorities", {}).items():
        share = _share(rule["share"])
        if share is not None:
            majorities[DecisionKind(kind)] = MajorityRule(share, Basis(rule["basis"]))
    return StatuteRules(
        notice_min_days=int(data["notice_min_days"]),
        notice_max_days=data.get("notice_max_days"),
        calls=tuple(_call(c) or CallRule() for c in data["calls"]),
        majorities=majorities,
        decision_quorums={
            DecisionKind(kind): quorum
            for kind, value in data.get("decision_quorums", {}).items()
            if (quorum := _decision_quorum(value)) is not None
        },
        eligibility=Eligibility(data.get("eligibility", "active")),
        eligible_on=EligibleOn(data.get("eligible_on", EligibleOn.ASSEMBLY_DAY)),
        notice_channels_required=frozenset(
            NoticeChannel(c) for c in data.get("notice_channels_required", [])
        ),
        extraordinary_only=frozenset(DecisionKind(k) for k in data.get("extraordinary_only", [])),
        agenda_additions=AgendaAdditions(data.get("agenda_additions", AgendaAdditions.BY_VOTE)),
        extraordinary_notice_only=bool(data.get("extraordinary_notice_only", False)),
        quorum_kept=_call(data.get("quorum_kept")),
        delegate_quorum=_share(data.get("delegate_quorum")),
        proxies_per_holder=int(data.get("proxies_per_holder", 0)),
        proxy_document_required=bool(data.get("proxy_document_required", True)),
        delegates_per_members=data.get("delegates_per_members"),
        board_size=int(data.get("board_size", 5)),
        board_term_years=int(data.get("board_term_years", 2)),
        oversight_size=int(data.get("oversight_size", 3)),
        oversight_term_years=int(data.get("oversight_term_years", 1)),
        tie_break=TieBreak(data.get("tie_break", "runoff")),
        officers_abstain_on_accounts=bool(data.get("officers_abstain_on_accounts", False)),
        employees_vote_after_accounts=bool(data.get("employees_vote_after_accounts", False)),
        board_max_terms=data.get("board_max_terms"),
        oversight_max_terms=data.get("oversight_max_terms"),
    )
