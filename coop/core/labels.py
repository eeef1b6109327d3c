"""Translated names for the values of every enum the pages show."""

from dataclasses import dataclass

from flask_babel import LazyString
from wtforms import SelectChoice

from coop.core.i18n import _, _l

LABELS: dict[str, LazyString] = {
    # member sex
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    "not_stated": _l("Not stated"),
    # member status
    "active": _l("Active"),
    "suspended": _l("Suspended"),
    "withdrawn": _l("Withdrawn"),
    "excluded": _l("Excluded"),
    "deceased": _l("Deceased"),
    # products and certifications
    "coffee": _l("Coffee"),
    "cacao": _l("Cacao"),
    "honey": _l("Honey"),
    "sugar_cane": _l("Sugar cane"),
    "banana": _l("Banana"),
    "organic": _l("Organic"),
    "spp": _l("SPP"),
    "fair_trade": _l("Fair trade"),
    # age bands
    "young": _l("Young"),
    "adult": _l("Adult"),
    "elder": _l("60 and over"),
    "unknown": _l("Age not recorded"),
    # register changes in the audit trail
    "member.created": _l("Added to the register"),
    "member.updated": _l("Record changed"),
    "member.status_changed": _l("Status changed"),
    "member.units_changed": _l("Production units changed"),
    "member.pin_issued": _l("New PIN issued"),
    "member.login_unlocked": _l("Let in again after too many wrong PINs"),
    "member.standing_recorded": _l("Good standing recorded"),
    "member.status_dated": _l("Date of a status completed"),
    "member.employment_recorded": _l("Employment by the cooperative recorded"),
    "member.employment_completed": _l("End of employment or approval of its accounts recorded"),
    # statutes
    "preset.brazil": _l("Brazil (Lei 5.764/1971)"),
    "preset.uruguay": _l("Uruguay (Ley 18.407)"),
    "preset.colombia": _l("Colombia (Ley 79/1988)"),
    "preset.custom": _l("Own rules"),
    "eligibility.active": _l("Active members"),
    "eligibility.good_standing": _l("Active members in good standing"),
    "eligible_on.notice": _l("On the date of the notice"),
    "eligible_on.assembly_day": _l("On the day of the assembly"),
    "additions.never": _l("Never: decisions outside it would be void"),
    "additions.by_vote": _l("Ordinary business, by the assembly's own vote"),
    "decision.ordinary": _l("Ordinary decisions"),
    "decision.election": _l("Elections"),
    "decision.statute_change": _l("Statute changes"),
    "decision.merger": _l("Merger, incorporation or split"),
    "decision.dissolution": _l("Dissolution"),
    "decision.change_of_object": _l("Substantial change of object"),
    "decision.change_of_liability": _l("Change of the members' liability"),
    "decision.accounts": _l("Accounts and the board's management"),
    "votes_cast": _l("the votes cast"),
    "present": _l("the members present"),
    "members": _l("all members entitled to vote"),
    # roles
    "admin": _l("Administrator"),
    "secretary": _l("Secretary"),
    "member": _l("Member"),
    "certifier": _l("Certifier"),
    # assemblies
    "ordinary": _l("Ordinary"),
    "extraordinary": _l("Extraordinary"),
    "draft": _l("Draft"),
    "convened": _l("Convened"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
    "delegate": _l("Delegate assembly"),
    "in_session": _l("In session"),
    "no_quorum": _l("No quorum"),
    "information": _l("Information"),
    "decision": _l("Decision"),
    "election": _l("Election"),
    "channel.office": _l("Posted at the office"),
    "channel.radio": _l("Community radio"),
    "channel.messaging": _l("Messaging group"),
    "channel.newspaper": _l("Newspaper"),
    "channel.letter": _l("Letter or note to each member"),
    "channel.other": _l("Other"),
    "in_time": _l("Notice within the statute's limits"),
    "too_short": _l("Notice shorter than the statute asks"),
    "too_long": _l("Notice longer than the statute allows"),
    # votes
    "show_of_hands": _l("Show of hands"),
    "electronic": _l("Electronic"),
    "open": _l("Open"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "abstain": _l("Abstain"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "tied": _l("Tied"),
    "no_votes": _l("No votes cast"),
    "runoff": _l("A run-off among the tied"),
    "lot": _l("Drawing lots in the assembly"),
    "position.board": _l("Board of directors"),
    "position.oversight": _l("Oversight committee"),
    "position.delegate": _l("Delegate"),
    "motion": _l("Motion"),
    "choice": _l("Choice among options"),
    "paper": _l("Paper ballots"),
    "plurality": _l("Plurality: up to one mark per seat"),
    "approval": _l("Approval: every candidate one approves of"),
}


def label(value: object) -> str:
    """The translated name of an enum value, or the value itself."""
    key = getattr(value, "value", value)
    return str(LABELS.get(str(key), key))


def choices(enum_type: type, prefix: str = "") -> list[SelectChoice]:
    """The options of a select or radio field, one per enum value, with translated labels."""
    return [SelectChoice(item.value, LABELS[prefix + item.value]) for item in enum_type]


def share_words(share: object) -> str:
    """A fraction ("2/3", or "more than 1/2" for half plus one) in the reader's words."""
    numerator, denominator = share.numerator, share.denominator
    if getattr(share, "more_than", False):
        return _("more than %(n)s/%(d)s", n=numerator, d=denominator)
    return _("%(n)s/%(d)s", n=numerator, d=denominator)


@dataclass(frozen=True)
class _Fraction:
    numerator: int
    denominator: int
    more_than: bool


def rule_words(rule: str) -> str:
    """A stored majority rule (">1/2 votes_cast", "2/3 present") in the reader's words."""
    share, _sep, basis = rule.partition(" ")
    more_than = share.startswith(">")
    numerator, _slash, denominator = share.lstrip(">").partition("/")
    if not (numerator.isdigit() and denominator.isdigit() and basis in LABELS):
        return rule
    fraction = _Fraction(int(numerator), int(denominator), more_than)
    return _("%(share)s of %(basis)s", share=share_words(fraction), basis=LABELS[basis])
