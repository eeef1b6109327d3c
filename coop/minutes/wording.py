"""The words the minutes and books use for calls, roles, quorum rules and vote counts."""

from datetime import date, datetime

from flask_babel import get_locale, to_user_timezone

from coop.core.i18n import _, _l
from coop.core.labels import label, share_words
from coop.minutes.rules import date_in_words, slot_role
from coop.statutes.rules import CallRule
from coop.voting.results import VoteResult

CALL_NAMES = {1: _l("first call"), 2: _l("second call"), 3: _l("third call")}

ROLE_NAMES = {
    "president": _l("President"),
    "secretary": _l("Secretary"),
    "member": _l("Member named to sign"),
}

STATUS_NAMES = {
    "draft": _l("Draft"),
    "approved": _l("Approved, awaiting signatures"),
    "locked": _l("Signed and locked"),
}

# Options of a motion, by their stable keys; other options (candidates) keep their own names.
MOTION_OPTIONS = ("yes", "no", "abstain")


def call_name(call: int | None) -> str:
    """ "the second call", in the reader's language."""
    return str(CALL_NAMES.get(call or 1, call))


def role_name(slot: str) -> str:
    """The role a slot signs in, in the reader's language."""
    return str(ROLE_NAMES[slot_role(slot)])


def status_name(status: str) -> str:
    """Where minutes stand, in the reader's language."""
    return str(STATUS_NAMES[str(status)])


def call_rule_words(rule: CallRule) -> str:
    """What a call asks for, in words: "more than 1/2 of the members", "at least 10 members"."""
    if rule.share and rule.min_count:
        return _(
            "%(share)s of the members and at least %(count)s",
            share=share_words(rule.share),
            count=rule.min_count,
        )
    if rule.share:
        return _("%(share)s of the members", share=share_words(rule.share))
    if rule.min_count:
        return _("at least %(count)s members", count=rule.min_count)
    return _("the members present")


def option_name(key: str, name: str) -> str:
    """An option of a vote as the reader says it: "Sí" for yes; a candidate by their name."""
    return label(key) if key in MOTION_OPTIONS else name


def vote_counts(result: VoteResult) -> str:
    """Each option of a vote with its votes: "Yes: 30; No: 2; Abstain: 1"."""
    return "; ".join(
        _("%(option)s: %(count)s", option=option_name(o.key, o.label), count=o.count)
        for o in result.counts
    )


def elected_names(result: VoteResult) -> list[str]:
    """The options an election declared elected."""
    return [option_name(o.key, o.label) for o in result.counts if o.elected]


def date_words(moment: datetime | date) -> str:
    """A date as custom writes it in the reader's language, where the organization is."""
    day = to_user_timezone(moment).date() if isinstance(moment, datetime) else moment
    return date_in_words(day, str(get_locale()))
