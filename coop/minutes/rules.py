"""What the minutes decide on plain values: dates as custom writes them, who signs, who may
approve, whether a sealed text still matches its hash and signatures, and which decisions
used a special quorum or majority.

No Flask, no session, no models: every function is tested in microseconds.
"""

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coop.statutes.rules import DecisionKind, DecisionQuorum, StatuteRules

# ---------------------------------------------------------------------------------------------
# Dates as custom has it: "a los quince días del mes de marzo de 2026".

# fmt: off
_ES_DAYS = [
    "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
    "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve",
    "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco",
    "veintiséis", "veintisiete", "veintiocho", "veintinueve", "treinta", "treinta y uno",
]
_PT_UNITS = ["um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"]
_PT_DAYS = [
    *_PT_UNITS, "dez", "onze", "doze", "treze", "catorze", "quinze", "dezesseis", "dezessete",
    "dezoito", "dezenove", "vinte", *(f"vinte e {unit}" for unit in _PT_UNITS), "trinta",
    "trinta e um",
]
_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_DAYS = [
    *_EN_UNITS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", *(f"twenty-{unit}" for unit in _EN_UNITS),
    "thirty", "thirty-one",
]
_EN_ORDINAL_UNITS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
]
_EN_ORDINALS = [
    *_EN_ORDINAL_UNITS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
    *(f"twenty-{unit}" for unit in _EN_ORDINAL_UNITS), "thirtieth", "thirty-first",
]
_MONTHS = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
# fmt: on


def _language(locale: str) -> str:
    """ "es", "pt" or "en" for a locale such as "es_MX" or "pt_BR"; English for the rest."""
    language = locale.replace("-", "_").split("_")[0].lower()
    return language if language in ("es", "pt") else "en"


def number_in_words(number: int, locale: str) -> str:
    """A whole number from 1 to 31 in words ("quince", "vinte e um", "thirty-one")."""
    if not 1 <= number <= 31:
        raise ValueError("only the days of a month, 1 to 31, are written in words")
    words = {"es": _ES_DAYS, "pt": _PT_DAYS, "en": _EN_DAYS}[_language(locale)]
    return words[number - 1]


def date_in_words(day: date, locale: str) -> str:
    """The date as minutes write it: "a los quince días del mes de marzo de 2026", "aos
    quinze dias do mês de março de 2026", "on the fifteenth day of March 2026"."""
    language = _language(locale)
    month, year = _MONTHS[language][day.month - 1], day.year
    if language == "es":
        if day.day == 1:
            return f"al primer día del mes de {month} de {year}"
        # Before a masculine noun, "veintiuno" and "treinta y uno" lose their last vowel.
        days = _ES_DAYS[day.day - 1].replace("veintiuno", "veintiún").replace("y uno", "y un")
        return f"a los {days} días del mes de {month} de {year}"
    if language == "pt":
        if day.day == 1:
            return f"ao primeiro dia do mês de {month} de {year}"
        return f"aos {_PT_DAYS[day.day - 1]} dias do mês de {month} de {year}"
    return f"on the {_EN_ORDINALS[day.day - 1]} day of {month} {year}"


# ---------------------------------------------------------------------------------------------
# Who signs.

PRESIDENT, SECRETARY, MEMBER = "president", "secretary", "member"
# A statute names at most a few members to sign beside the president and the secretary.
MAX_MEMBER_SIGNERS = 5


def signing_slots(member_signers: int) -> tuple[str, ...]:
    """The signatures minutes need: the president, the secretary, and the members the statute
    names ("member-1", "member-2"...)."""
    if not 0 <= member_signers <= MAX_MEMBER_SIGNERS:
        raise ValueError("between 0 and 5 members sign beside the president and the secretary")
    return (PRESIDENT, SECRETARY, *(f"{MEMBER}-{n}" for n in range(1, member_signers + 1)))


def slot_role(slot: str) -> str:
    """The role a signature is given in: "president", "secretary" or "member"."""
    return slot if slot in (PRESIDENT, SECRETARY) else MEMBER


def addendum_slots(required: Sequence[str]) -> tuple[str, ...]:
    """An addendum is signed by the president and the secretary who signed the minutes."""
    return tuple(slot for slot in required if slot in (PRESIDENT, SECRETARY))


def missing_slots(required: Sequence[str], signed: Sequence[str]) -> list[str]:
    """The required signatures not given yet, in order."""
    done = set(signed)
    return [slot for slot in required if slot not in done]


# ---------------------------------------------------------------------------------------------
# Who may approve.

# Minutes approved by their own assembly are read and approved as it closes: a day's margin
# lets the secretary enter the text of a session held without a connection.
APPROVAL_AT_CLOSE = timedelta(hours=24)


@dataclass(frozen=True)
class AssemblyFacts:
    """What approval needs to know of an assembly."""

    id: int
    starts_at: datetime
    closed_at: datetime | None
    closed: bool
    in_session: bool


class ApprovalRefusal(enum.StrEnum):
    NOT_CLOSED = "not_closed"  # the minutes' assembly has not closed
    TOO_LATE = "too_late"  # past its close: the next assembly approves them
    NOT_IN_SESSION = "not_in_session"  # the approving assembly is not in session
    NOT_LATER = "not_later"  # the approving assembly met before the minutes' one


def approval_refusal(
    minutes_of: AssemblyFacts, by: AssemblyFacts, now: datetime
) -> ApprovalRefusal | None:
    """Why assembly `by` may not approve the minutes of `minutes_of` now, or None: an assembly
    approves its own minutes at its close, or a later assembly in session approves them."""
    if not minutes_of.closed:
        return ApprovalRefusal.NOT_CLOSED
    if by.id == minutes_of.id:
        closed_at = minutes_of.closed_at
        if closed_at is None or now - closed_at > APPROVAL_AT_CLOSE:
            return ApprovalRefusal.TOO_LATE
        return None
    if by.starts_at <= minutes_of.starts_at:
        return ApprovalRefusal.NOT_LATER
    if not by.in_session:
        return ApprovalRefusal.NOT_IN_SESSION
    return None


# ---------------------------------------------------------------------------------------------
# Seals: a frozen text, its hash, the PDF stored with it, and the signatures given to it.


def sha256_text(text: str) -> str:
    """The SHA-256 of a text as UTF-8, in hex: what a signature binds to."""
    return hashlib.sha256(text.encode()).hexdigest()


def sha256_bytes(content: bytes) -> str:
    """The SHA-256 of stored bytes (a PDF), in hex."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class SealCheck:
    """Whether a frozen text, its PDF and its signatures still agree."""

    text_intact: bool  # the text still has the hash stored with it
    pdf_intact: bool | None  # the PDF still has its hash (None: no PDF stored)
    signatures: tuple[bool, ...]  # each signature still binds to this very text

    @property
    def intact(self) -> bool:
        return self.text_intact and self.pdf_intact is not False and all(self.signatures)


def check_seal(
    text: str,
    stored_sha256: str,
    signed_sha256: Sequence[str],
    pdf: bytes | None = None,
    pdf_sha256: str | None = None,
) -> SealCheck:
    """Compare a frozen text with its stored hash, and each signature's hash with the text as
    it is now: a text changed after signing leaves every signature invalid, even if its
    stored hash was changed with it."""
    actual = sha256_text(text)
    pdf_intact = None if pdf is None else sha256_bytes(pdf) == pdf_sha256
    return SealCheck(
        text_intact=actual == stored_sha256,
        pdf_intact=pdf_intact,
        signatures=tuple(signed == actual == stored_sha256 for signed in signed_sha256),
    )


# ---------------------------------------------------------------------------------------------
# Special quorum and majority of a decision.


@dataclass(frozen=True)
class SpecialTerms:
    """What a decision needed beyond an ordinary one."""

    majority: str | None  # the rule applied, when it is not the ordinary decisions' rule
    quorum: DecisionQuorum | None  # the statute's quorum for this kind of decision
    quorum_required: int | None  # members present or represented it needed


def special_terms(
    rules: StatuteRules, decision_kind: str, applied_rule: str, eligible: int | None
) -> SpecialTerms:
    """The special majority and quorum a decision of `decision_kind` used under `rules` (the
    statute's rules as they applied to its assembly), given the rule stored with its result."""
    ordinary = str(rules.majority(DecisionKind.ORDINARY))
    majority = applied_rule if applied_rule and applied_rule != ordinary else None
    quorum = rules.decision_quorums.get(DecisionKind(decision_kind))
    required = quorum.required(eligible) if quorum is not None and eligible is not None else None
    return SpecialTerms(majority, quorum, required)
