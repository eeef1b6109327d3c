"""StatuteRules to and from the plain JSON a statute version is stored as."""

from typing import Any

from coop.statutes.rules import (
    Basis,
    CallRule,
    DecisionKind,
    Eligibility,
    MajorityRule,
    Share,
    StatuteRules,
)


def _share(value: list[Any] | None) -> Share | None:
    return None if value is None else Share(int(value[0]), int(value[1]), bool(value[2]))


def _share_json(share: Share | None) -> list[Any] | None:
    return None if share is None else [share.numerator, share.denominator, share.more_than]


def to_json(rules: StatuteRules) -> dict[str, Any]:
    """The rules as JSON-ready values."""
    return {
        "notice_min_days": rules.notice_min_days,
        "notice_max_days": rules.notice_max_days,
        "calls": [
            {
                "share": _share_json(c.share),
                "min_count": c.min_count,
                "minutes_after_previous": c.minutes_after_previous,
            }
            for c in rules.calls
        ],
        "majorities": {
            kind.value: {"share": _share_json(rule.share), "basis": rule.basis.value}
            for kind, rule in rules.majorities.items()
        },
        "decision_quorums": {
            kind.value: _share_json(share) for kind, share in rules.decision_quorums.items()
        },
        "eligibility": rules.eligibility.value,
        "proxies_per_holder": rules.proxies_per_holder,
        "proxy_document_required": rules.proxy_document_required,
        "delegates_per_members": rules.delegates_per_members,
        "board_size": rules.board_size,
        "board_term_years": rules.board_term_years,
        "oversight_size": rules.oversight_size,
        "oversight_term_years": rules.oversight_term_years,
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
        calls=tuple(
            CallRule(
                _share(c.get("share")), c.get("min_count"), int(c.get("minutes_after_previous", 0))
            )
            for c in data["calls"]
        ),
        majorities=majorities,
        decision_quorums={
            DecisionKind(kind): share
            for kind, value in data.get("decision_quorums", {}).items()
            if (share := _share(value)) is not None
        },
        eligibility=Eligibility(data.get("eligibility", "active")),
        proxies_per_holder=int(data.get("proxies_per_holder", 0)),
        proxy_document_required=bool(data.get("proxy_document_required", True)),
        delegates_per_members=data.get("delegates_per_members"),
        board_size=int(data.get("board_size", 5)),
        board_term_years=int(data.get("board_term_years", 2)),
        oversight_size=int(data.get("oversight_size", 3)),
        oversight_term_years=int(data.get("oversight_term_years", 1)),
    )
