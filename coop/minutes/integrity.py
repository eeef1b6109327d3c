"""Whether frozen minutes still agree with their seals: each text with its hash, the stored
PDF with its hash, and each signature with the text as it is now."""

from dataclasses import dataclass
from typing import Any

from coop.minutes.models import Minutes, MinutesSignature
from coop.minutes.rules import addendum_slots, check_seal, slot_role


@dataclass(frozen=True)
class SignatureLine:
    """A signature a text needs: who is named to give it, and the one given, if any."""

    slot: str
    named: str  # the member named to sign, "" when nobody was
    named_number: str
    named_member_id: int | None
    signature: MinutesSignature | None
    valid: bool | None  # None: not signed yet

    @property
    def role(self) -> str:
        return slot_role(self.slot)


@dataclass(frozen=True)
class Seal:
    """One frozen text (the minutes, or an addendum) and its signatures."""

    addendum_number: int  # 0 for the minutes themselves
    sha256: str
    text_intact: bool
    lines: tuple[SignatureLine, ...]
    # Signatures given in a slot the text does not ask for (only a tampered record has them).
    stray: tuple[MinutesSignature, ...]

    @property
    def intact(self) -> bool:
        return (
            self.text_intact
            and not self.stray
            and all(line.valid is not False for line in self.lines)
        )

    @property
    def missing(self) -> list[str]:
        return [line.slot for line in self.lines if line.signature is None]


@dataclass(frozen=True)
class Integrity:
    """The seals of frozen minutes: their text, their stored PDF, their addenda."""

    text: Seal
    pdf_intact: bool | None
    addenda: tuple[Seal, ...]

    @property
    def intact(self) -> bool:
        return (
            self.text.intact
            and self.pdf_intact is not False
            and all(addendum.intact for addendum in self.addenda)
        )

    def addendum(self, number: int) -> Seal | None:
        return next((seal for seal in self.addenda if seal.addendum_number == number), None)


def _seal(
    minutes: Minutes,
    number: int,
    text: str,
    sha256: str,
    slots: list[str],
    pdf: bytes | None = None,
    pdf_sha256: str | None = None,
) -> tuple[Seal, bool | None]:
    given = minutes.signatures_of(number)
    check = check_seal(text, sha256, [s.sha256 for s in given], pdf, pdf_sha256)
    valid = dict(zip((s.id for s in given), check.signatures, strict=True))
    lines = []
    for slot in slots:
        signer = minutes.signer(slot)
        signature = next((s for s in given if s.slot == slot), None)
        lines.append(
            SignatureLine(
                slot,
                signer.member.full_name if signer else "",
                signer.member.number if signer else "",
                signer.member_id if signer else None,
                signature,
                None if signature is None else valid[signature.id],
            )
        )
    stray = tuple(s for s in given if s.slot not in slots)
    return Seal(number, sha256, check.text_intact, tuple(lines), stray), check.pdf_intact


def integrity(minutes: Minutes, with_pdf: bool = True) -> Integrity | None:
    """The seals of approved minutes (None for a draft); `with_pdf` also checks the stored
    PDF, which loads it."""
    if not minutes.is_frozen or minutes.locked_html is None:
        return None
    pdf = minutes.locked_pdf if with_pdf else None
    text, pdf_intact = _seal(
        minutes,
        0,
        minutes.locked_html,
        minutes.locked_sha256 or "",
        list(minutes.required_slots),
        pdf,
        minutes.locked_pdf_sha256 if with_pdf else None,
    )
    slots = list(addendum_slots(minutes.required_slots))
    addenda = tuple(_seal(minutes, a.number, a.html, a.sha256, slots)[0] for a in minutes.addenda)
    return Integrity(text, pdf_intact, addenda)


def _signatures(seal: Seal) -> list[dict[str, Any]]:
    return [
        {
            "slot": line.slot,
            "role": line.role,
            "named_member_number": line.named_number,
            "named_member": line.named,
            "signer_name": line.signature.signer_name if line.signature else None,
            "signed_at": line.signature.signed_at.isoformat() if line.signature else None,
            "sha256": line.signature.sha256 if line.signature else None,
            "valid": line.valid,
        }
        for line in seal.lines
    ]


def integrity_record(minutes: Minutes) -> dict[str, Any]:
    """The minutes' seals as plain data, for the certifier's export."""
    seals = integrity(minutes)
    if seals is None:
        return {"status": minutes.status.value, "intact": None}
    return {
        "number": minutes.number,
        "status": minutes.status.value,
        "approved_at": minutes.approved_at.isoformat() if minutes.approved_at else None,
        "approved_in_assembly_id": minutes.approved_in_id,
        "locked_at": minutes.locked_at.isoformat() if minutes.locked_at else None,
        "language": minutes.locked_locale,
        "sha256": minutes.locked_sha256,
        "pdf_sha256": minutes.locked_pdf_sha256,
        "intact": seals.intact,
        "text_intact": seals.text.text_intact,
        "pdf_intact": seals.pdf_intact,
        "signatures": _signatures(seals.text),
        "missing_signatures": seals.text.missing,
        "addenda": [
            {
                "number": addendum.number,
                "written_at": addendum.written_at.isoformat(),
                "sha256": addendum.sha256,
                "locked_at": addendum.locked_at.isoformat() if addendum.locked_at else None,
                "intact": seal.intact,
                "text_intact": seal.text_intact,
                "signatures": _signatures(seal),
            }
            for addendum, seal in zip(minutes.addenda, seals.addenda, strict=True)
        ],
    }
