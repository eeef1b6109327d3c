"""Member cards to print: name and number, with the number as a Code 128 barcode that the
USB scanner at the assembly door reads like typing it."""

import base64
import io
from collections.abc import Iterable

from barcode import Code128
from barcode.writer import SVGWriter
from flask import render_template

from coop.core.tenancy.models import Organization
from coop.members.models import Member

BARCODE_OPTIONS = {
    "module_width": 0.33,  # mm; the narrowest bar, wide enough for a cheap scanner
    "module_height": 11.0,  # mm
    "quiet_zone": 3.0,  # mm of white each side, which scanners need
    "write_text": False,  # the number is printed under it as text of its own
}


def barcode_svg(number: str) -> str:
    """The number as a Code 128 barcode: an SVG image as a data URI, drawn as vectors."""
    out = io.BytesIO()
    Code128(number, writer=SVGWriter()).write(out, options=BARCODE_OPTIONS)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def cards_pdf(org: Organization, members: Iterable[Member]) -> bytes:
    """A printable sheet of cards, ten to an A4 page."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    cards = [(member, barcode_svg(member.number)) for member in members]
    return HTML(string=render_template("members/cards_pdf.html", org=org, cards=cards)).write_pdf()
