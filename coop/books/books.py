"""The three books a cooperative keeps — minutes, attendance, the register of members — drawn
from the record with their opening and closing statements and continuous page numbers."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import force_locale

from coop.assemblies.attendance import book_lines
from coop.assemblies.models import Assembly, AssemblyStatus
from coop.assemblies.proxies import proxies_of
from coop.books.rules import StatusEntry, exit_entry
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.exporting import register_members
from coop.minutes import wording
from coop.minutes.documents import write_pdf
from coop.minutes.integrity import integrity
from coop.minutes.services import frozen_minutes


def render_document(org: Organization, template: str, seal: bool = False, **context: Any) -> bytes:
    """A book or paper in the organization's language, as an archival PDF; `seal` signs it
    (PAdES) where the installation has a certificate."""
    with force_locale(org.default_locale):
        html = render_template(
            template, org=org, words=wording, date_words=wording.date_words, **context
        )
    return write_pdf(html, seal=seal)


def _year(org: Organization, moment: datetime) -> int:
    return moment.astimezone(ZoneInfo(org.timezone)).year


def minutes_book(org: Organization, year: int | None = None) -> bytes:
    """Every approved minute in the order of its number (of one year of approval, if
    given): its frozen text, its signatures and addenda, and a warning wherever the stored
    record no longer matches its seal."""
    entries = [
        m
        for m in frozen_minutes(org)
        if year is None or (m.approved_at and _year(org, m.approved_at) == year)
    ]
    return render_document(
        org,
        "books/minutes.html",
        seal=True,
        entries=entries,
        seals={m.id: integrity(m) for m in entries},
        year=year,
        today=org.today(),
    )


def closed_assemblies(org: Organization, year: int) -> list[Assembly]:
    """The assemblies of `org` held and closed in `year`, in the order they met."""
    held = db.session.scalars(
        scoped(Assembly, org)
        .where(Assembly.status == AssemblyStatus.CLOSED)
        .order_by(Assembly.starts_at, Assembly.id)
    )
    return [assembly for assembly in held if _year(org, assembly.starts_at) == year]


def attendance_book(org: Organization, assemblies: list[Assembly], year: int | None) -> bytes:
    """The attendance book of these assemblies (one, or a year's): who came, when, who left,
    and the proxies carried."""
    ids = [assembly.id for assembly in assemblies]
    return render_document(
        org,
        "books/attendance.html",
        seal=True,
        assemblies=assemblies,
        lines=book_lines(ids),
        proxies=proxies_of(ids),
        year=year,
        today=org.today(),
    )


def register_book(org: Organization) -> bytes:
    """The register of members in order of admission, with each exit."""
    members = sorted(register_members(org), key=lambda m: (m.joined_on, m.number))
    exits = {
        m.id: exit_entry(
            [StatusEntry(h.status.value, h.effective_on, h.reason, h.decision) for h in m.history]
        )
        for m in members
    }
    return render_document(
        org, "books/register.html", True, members=members, exits=exits, today=org.today()
    )
