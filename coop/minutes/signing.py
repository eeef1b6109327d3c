"""Signing approved minutes and their addenda; locking them when every signature is in."""

from flask_babel import force_locale

from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.transactions import add_unique
from coop.minutes import documents
from coop.minutes.models import Minutes, MinutesAddendum, MinutesSignature
from coop.minutes.rules import addendum_slots, missing_slots, sha256_text
from coop.minutes.services import MAX_TEXT, store_pdf
from coop.minutes.wording import role_name


def _target(minutes: Minutes, number: int) -> tuple[str, str, list[str], MinutesAddendum | None]:
    """The text to sign (the minutes, or addendum `number`), its stored hash, the slots that
    sign it, and the addendum."""
    if number == 0:
        return minutes.locked_html or "", minutes.locked_sha256 or "", minutes.required_slots, None
    addendum = next((a for a in minutes.addenda if a.number == number), None)
    if addendum is None:
        raise DomainError(_("These minutes have no such addendum."))
    return addendum.html, addendum.sha256, list(addendum_slots(minutes.required_slots)), addendum


def sign(
    org: Organization,
    minutes: Minutes,
    slot: str,
    addendum_number: int,
    seen_sha256: str,
    user_id: int,
    member_id: int | None,
) -> MinutesSignature:
    """Sign the minutes (or one of their addenda) in `slot` as the logged-in member named for
    it, binding the signature to the SHA-256 of the text the member read; the last signature
    due locks the text."""
    db.session.refresh(minutes, with_for_update=True)
    if not minutes.is_frozen:
        raise DomainError(_("Minutes are signed once they are approved."))
    text, stored, slots, addendum = _target(minutes, addendum_number)
    if slot not in slots:
        raise DomainError(_("No signature is asked for in this role."))
    signer = minutes.signer(slot)
    if signer is None or member_id is None or signer.member_id != member_id:
        raise DomainError(
            _("Only the member named to sign as %(role)s signs here.", role=role_name(slot))
        )
    signed = [s.slot for s in minutes.signatures_of(addendum_number)]
    if slot in signed:
        raise DomainError(_("This signature is already given."))
    actual = sha256_text(text)
    if actual != stored:
        raise DomainError(
            _("The stored text no longer matches its seal: it cannot be signed. Tell the board.")
        )
    if seen_sha256 != actual:
        raise DomainError(_("The text changed since you opened it: read it again, then sign."))
    signature = MinutesSignature(
        organization_id=org.id,
        minutes_id=minutes.id,
        addendum_number=addendum_number,
        slot=slot,
        member_id=member_id,
        user_id=user_id,
        signer_name=signer.member.full_name,
        signed_at=utcnow(),
        sha256=actual,
    )
    add_unique(signature, _("This signature is already given."))
    minutes.signatures.append(signature)
    record(
        org,
        user_id,
        "minutes.signed",
        minutes,
        signature_id=signature.id,
        addendum=addendum_number,
        slot=slot,
        member_id=member_id,
        sha256=actual,
    )
    if not missing_slots(slots, [*signed, slot]):
        _lock(org, minutes, addendum, user_id)
    return signature


def _lock(
    org: Organization, minutes: Minutes, addendum: MinutesAddendum | None, user_id: int
) -> None:
    """Every signature of the text is in: lock it and store the PDF that shows them."""
    if addendum is None:
        minutes.lock()
    else:
        addendum.locked_at = utcnow()
    store_pdf(org, minutes)
    record(
        org,
        user_id,
        "minutes.locked" if addendum is None else "minutes.addendum_locked",
        minutes,
        addendum=addendum.number if addendum else 0,
        pdf_sha256=minutes.locked_pdf_sha256,
    )


def add_addendum(
    org: Organization, minutes: Minutes, text: str, actor_id: int | None
) -> MinutesAddendum:
    """A dated correction to locked minutes, frozen with its own hash; the president and the
    secretary who signed the minutes sign it."""
    db.session.refresh(minutes, with_for_update=True)
    if not minutes.is_locked:
        raise DomainError(
            _("Corrections are added as addenda once the minutes are signed and locked.")
        )
    text = text.strip()[:MAX_TEXT]
    if not text:
        raise DomainError(_("Write the text of the addendum."))
    addendum = MinutesAddendum(
        organization_id=org.id,
        minutes_id=minutes.id,
        number=len(minutes.addenda) + 1,
        text=text,
        written_at=utcnow(),
        written_by_id=actor_id,
    )
    with force_locale(minutes.locked_locale or org.default_locale):
        addendum.html = documents.addendum_html(org, minutes, addendum)
    addendum.sha256 = sha256_text(addendum.html)
    minutes.addenda.append(addendum)
    db.session.flush()
    store_pdf(org, minutes)
    record(
        org,
        actor_id,
        "minutes.addendum_added",
        minutes,
        addendum=addendum.number,
        sha256=addendum.sha256,
        pdf_sha256=minutes.locked_pdf_sha256,
    )
    return addendum
