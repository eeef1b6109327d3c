"""Translated names for the values of every enum the pages show."""

from flask_babel import LazyString
from wtforms import SelectChoice

from coop.i18n import _l

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
    "information": _l("Information"),
    "decision": _l("Decision"),
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
}


def label(value: object) -> str:
    """The translated name of an enum value, or the value itself."""
    key = getattr(value, "value", value)
    return str(LABELS.get(str(key), key))


def choices(enum_type: type) -> list[SelectChoice]:
    """The options of a select or radio field, one per enum value, with translated labels."""
    return [SelectChoice(item.value, LABELS[item.value]) for item in enum_type]
