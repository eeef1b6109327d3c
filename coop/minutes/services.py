"""Drafting minutes from the record, editing their text, approving and locking them."""

import hashlib

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from sqlalchemy.orm import undefer

from coop.assemblies.attendance import attendance_list
from coop.assemblies.models import Assembly
from coop.assemblies.proxies import proxy_list
from coop.assemblies.roll import quorum_panel
from coop.audit.services import record
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.minutes.models import Minutes, MinutesStatus
from coop.statutes.rules import NoticeVerdict
from coop.voting.abstentions import abstentions_by_item
from coop.voting.results import results_by_item

MAX_TEXT = 20_000


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


def render_body(org: Organization, minutes: Minutes, locale: str) -> str:
    """The minutes' text as HTML, drafted from the record, in `locale`."""
    assembly = minutes.assembly
    with force_locale(locale):
        return render_template(
            "minutes/_body.html",
            org=org,
            minutes=minutes,
            assembly=assembly,
            quorum=quorum_panel(org, assembly),
            attendance=attendance_list(assembly),
            proxies=proxy_list(assembly),
            results=results_by_item(assembly),
            verdicts=NoticeVerdict,
            abstentions=abstentions_by_item(assembly),
        )


def approve(org: Organization, minutes: Minutes, actor_id: int) -> None:
    """Number the minutes in the book, freeze their text in the organization's language, lock."""
    minutes.ensure_editable()
    number = (
        db.session.scalar(
            sa.select(sa.func.max(Minutes.number)).where(Minutes.organization_id == org.id)
        )
        or 0
    ) + 1
    minutes.number = number  # the body shows its own number
    html = render_body(org, minutes, org.default_locale)
    digest = hashlib.sha256(html.encode()).hexdigest()
    minutes.approve(number, html, digest, org.default_locale, actor_id)
    # Rendered once, now: every later reader and export gets these very bytes.
    minutes.locked_pdf = render_pdf(org, minutes, org.default_locale)
    minutes.locked_pdf_sha256 = hashlib.sha256(minutes.locked_pdf).hexdigest()
    record(
        org,
        actor_id,
        "minutes.approved",
        minutes,
        number=number,
        sha256=digest,
        pdf_sha256=minutes.locked_pdf_sha256,
    )


def body_html(org: Organization, minutes: Minutes, locale: str) -> str:
    """The locked text once approved, else a fresh draft."""
    return (
        minutes.locked_html
        if minutes.locked_html is not None
        else render_body(org, minutes, locale)
    )


def pdf(org: Organization, minutes: Minutes, locale: str) -> bytes:
    """The minutes as a PDF: the one stored at approval, or a draft rendered now."""
    if minutes.locked_pdf is not None:
        return minutes.locked_pdf
    return render_pdf(org, minutes, locale)


def render_pdf(org: Organization, minutes: Minutes, locale: str) -> bytes:
    """Render the minutes' text as a PDF document."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    with force_locale(minutes.locked_locale or locale):
        document = render_template(
            "minutes/pdf.html", org=org, minutes=minutes, body=body_html(org, minutes, locale)
        )
    return HTML(string=document).write_pdf()


def approved_minutes(org: Organization, assembly_ids: list[int]) -> dict[int, Minutes]:
    """The approved minutes of these assemblies, with their stored PDF, by assembly id."""
    return {
        minutes.assembly_id: minutes
        for minutes in db.session.scalars(
            scoped(Minutes, org)
            .where(Minutes.assembly_id.in_(assembly_ids), Minutes.status == MinutesStatus.APPROVED)
            .options(undefer(Minutes.locked_pdf))
        )
    }
