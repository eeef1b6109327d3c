"""Drafting minutes from the record, editing their text and naming who signs, approving them."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import selectinload, undefer

from coop.assemblies.attendance import book_lines
from coop.assemblies.models import Assembly, AssemblyStatus
from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.services import member_by_number
from coop.minutes import documents
from coop.minutes.models import Minutes, MinutesSigner, MinutesStatus
from coop.minutes.rules import (
    ApprovalRefusal,
    AssemblyFacts,
    approval_refusal,
    sha256_bytes,
    sha256_text,
    signing_slots,
)
from coop.minutes.settings import settings_of
from coop.minutes.wording import role_name

MAX_TEXT = 20_000

APPROVAL_REFUSALS = {
    ApprovalRefusal.NOT_CLOSED: lambda: _("Minutes are approved once their assembly has closed."),
    ApprovalRefusal.TOO_LATE: lambda: _(
        "An assembly approves its own minutes at its close; these are approved now by the next "
        "assembly, from its page while it is in session."
    ),
    ApprovalRefusal.NOT_IN_SESSION: lambda: _(
        "An assembly approves earlier minutes while it is in session."
    ),
    ApprovalRefusal.NOT_LATER: lambda: _(
        "Only a later assembly approves the minutes of an earlier one."
    ),
}


def start_minutes(org: Organization, assembly: Assembly, actor_id: int | None) -> Minutes:
    """Create the draft minutes of a closed assembly."""
    minutes = Minutes(
        organization_id=org.id, assembly_id=assembly.id, notes={}, status=MinutesStatus.DRAFT
    )
    db.session.add(minutes)
    record(org, actor_id, "minutes.drafted", minutes, assembly_id=assembly.id)
    return minutes


def update_text(
    org: Organization,
    minutes: Minutes,
    opening: str,
    notes: dict[str, str],
    closing: str,
    actor_id: int | None,
) -> None:
    """Save the free text of draft minutes: opening, one note per agenda item, closing."""
    minutes.ensure_editable()
    item_ids = {str(item.id) for item in minutes.assembly.items}
    minutes.opening = opening.strip()[:MAX_TEXT]
    # A new dict, so the JSON column sees the change.
    minutes.notes = {
        k: v.strip()[:MAX_TEXT] for k, v in notes.items() if k in item_ids and v.strip()
    }
    minutes.closing = closing.strip()[:MAX_TEXT]
    record(org, actor_id, "minutes.edited", minutes)


def name_signers(
    org: Organization, minutes: Minutes, numbers: dict[str, str], actor_id: int | None
) -> None:
    """Name, by member number, the president who chaired, the secretary who took the minutes
    and the members the statute names to sign: members present at the assembly, each in one
    slot. An empty number leaves its slot unnamed."""
    minutes.ensure_editable()
    slots = signing_slots(settings_of(org).member_signers)
    wanted = {slot: numbers.get(slot, "").strip() for slot in slots}
    attended = {line.number for line in book_lines([minutes.assembly_id])[minutes.assembly_id]}
    chosen: dict[str, int] = {}
    for slot, number in wanted.items():
        if not number:
            continue
        member = member_by_number(org, number[:20])
        if member.number not in attended:
            raise DomainError(
                _(
                    "%(name)s is not in the attendance book of this assembly: only a member "
                    "present signs its minutes.",
                    name=member.full_name,
                )
            )
        if member.id in chosen.values():
            raise DomainError(
                _("%(name)s is named twice: each signer signs once.", name=member.full_name)
            )
        chosen[slot] = member.id
    before = {signer.slot: signer.member_id for signer in minutes.signers}
    if before == chosen:
        return
    for signer in list(minutes.signers):
        if chosen.get(signer.slot) != signer.member_id:
            minutes.signers.remove(signer)
            db.session.delete(signer)
    db.session.flush()
    for slot, member_id in chosen.items():
        if minutes.signer(slot) is None:
            minutes.signers.append(
                MinutesSigner(
                    organization_id=org.id, minutes_id=minutes.id, slot=slot, member_id=member_id
                )
            )
    record(org, actor_id, "minutes.signers_named", minutes, signers=chosen)


def save_draft(
    org: Organization,
    minutes: Minutes,
    opening: str,
    notes: dict[str, str],
    closing: str,
    signers: dict[str, str],
    actor_id: int | None,
) -> None:
    """Save the draft's free text and who signs it, all or nothing."""
    update_text(org, minutes, opening, notes, closing, actor_id)
    name_signers(org, minutes, signers, actor_id)


def _facts(assembly: Assembly) -> AssemblyFacts:
    return AssemblyFacts(
        assembly.id,
        assembly.starts_at,
        assembly.closed_at,
        assembly.status == AssemblyStatus.CLOSED,
        assembly.is_in_session,
    )


def approval_refused_at_close(minutes: Minutes) -> str | None:
    """Why the assembly can no longer approve its own draft minutes now, or None."""
    if minutes.is_frozen:
        return None
    own = _facts(minutes.assembly)
    refusal = approval_refusal(own, own, utcnow())
    return None if refusal is None else APPROVAL_REFUSALS[refusal]()


def approve(
    org: Organization,
    minutes: Minutes,
    actor_id: int,
    approving: Assembly | None = None,
    at: datetime | None = None,
) -> None:
    """Record the minutes approved by `approving` (their own assembly at its close, by
    default, or a later one in session): number them in the book, freeze their text in the
    organization's language with its hash and the signatures it needs, store its PDF.

    `at` is when the approval was given, for a record of a past day entered now."""
    db.session.refresh(minutes, with_for_update=True)
    minutes.ensure_editable()
    approving = approving or minutes.assembly
    refusal = approval_refusal(_facts(minutes.assembly), _facts(approving), at or utcnow())
    if refusal is not None:
        raise DomainError(APPROVAL_REFUSALS[refusal]())
    required = list(signing_slots(settings_of(org).member_signers))
    for slot in required:
        if minutes.signer(slot) is None:
            raise DomainError(
                _("Name who signs as %(role)s before approving.", role=role_name(slot))
            )
    for signer in [s for s in minutes.signers if s.slot not in required]:
        minutes.signers.remove(signer)
        db.session.delete(signer)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(Minutes.number)).where(Minutes.organization_id == org.id)
        )
        or 0
    ) + 1
    # The body shows its own number, the assembly that approved it and who signs.
    minutes.number, minutes.approved_in_id = number, approving.id
    minutes.approved_in = approving
    html = render_body(org, minutes, org.default_locale)
    digest = sha256_text(html)
    minutes.approve(number, html, digest, org.default_locale, actor_id, approving.id, required)
    store_pdf(org, minutes)
    record(
        org,
        actor_id,
        "minutes.approved",
        minutes,
        number=number,
        approved_in=approving.id,
        sha256=digest,
        pdf_sha256=minutes.locked_pdf_sha256,
        required=required,
    )


def render_body(org: Organization, minutes: Minutes, locale: str) -> str:
    """The minutes' text as HTML, drafted from the record, in `locale`."""
    with force_locale(locale):
        return documents.render_body(org, minutes)


def body_html(org: Organization, minutes: Minutes, locale: str) -> str:
    """The frozen text once approved, else a fresh draft."""
    if minutes.locked_html is not None:
        return minutes.locked_html
    return render_body(org, minutes, locale)


def store_pdf(org: Organization, minutes: Minutes) -> None:
    """Render the frozen minutes as a PDF once, now, and keep it with its hash: every later
    reader and export gets these very bytes, until the record changes again (the last
    signature, an addendum)."""
    minutes.locked_pdf = render_pdf(org, minutes, minutes.locked_locale or org.default_locale)
    minutes.locked_pdf_sha256 = sha256_bytes(minutes.locked_pdf)


def pdf(org: Organization, minutes: Minutes, locale: str) -> bytes:
    """The minutes as a PDF: the one stored, or a draft rendered now."""
    if minutes.locked_pdf is not None:
        return minutes.locked_pdf
    return render_pdf(org, minutes, locale)


def render_pdf(org: Organization, minutes: Minutes, locale: str, warning: bool = False) -> bytes:
    """Render the minutes' text, their signatures and addenda as an archival PDF; `warning`
    heads it with the notice that the stored record no longer matches its seal."""
    body = body_html(org, minutes, locale)
    with force_locale(minutes.locked_locale or locale):
        return documents.minutes_pdf(org, minutes, body, warning)


def frozen_minutes(
    org: Organization, assembly_ids: list[int] | None = None, with_pdf: bool = True
) -> list[Minutes]:
    """The approved (and locked) minutes of these assemblies, or of all, in the order of the
    book, with their signers, signatures and addenda (and stored PDF) in a fixed few queries."""
    stmt = (
        scoped(Minutes, org)
        .where(Minutes.status != MinutesStatus.DRAFT)
        .options(
            selectinload(Minutes.signers).joinedload(MinutesSigner.member),
            selectinload(Minutes.signatures),
            selectinload(Minutes.addenda),
        )
        .order_by(Minutes.number)
    )
    if assembly_ids is not None:
        stmt = stmt.where(Minutes.assembly_id.in_(assembly_ids))
    if with_pdf:
        stmt = stmt.options(undefer(Minutes.locked_pdf))
    return list(db.session.scalars(stmt))


def approved_minutes(org: Organization, assembly_ids: list[int]) -> dict[int, Minutes]:
    """The approved minutes of these assemblies, with their stored PDF, by assembly id."""
    return {minutes.assembly_id: minutes for minutes in frozen_minutes(org, assembly_ids)}


def awaiting_approval(org: Organization, assembly: Assembly) -> list[Minutes]:
    """Draft minutes of closed assemblies held before `assembly`, which it may approve while
    in session."""
    drafts = db.session.scalars(
        scoped(Minutes, org)
        .where(Minutes.status == MinutesStatus.DRAFT)
        .options(selectinload(Minutes.assembly))
    )
    earlier = [
        m
        for m in drafts
        if m.assembly.status == AssemblyStatus.CLOSED and m.assembly.starts_at < assembly.starts_at
    ]
    return sorted(earlier, key=lambda m: m.assembly.starts_at)
