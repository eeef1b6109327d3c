"""The minutes as documents: their body drafted from the record, their addenda, and the
archival PDF that minutes and books are written as."""

import io
from functools import cache
from importlib.resources import files
from typing import Any

from flask import current_app, render_template

from coop.assemblies.attendance import book_lines
from coop.assemblies.proxies import proxy_list
from coop.assemblies.roll import quorum_panel
from coop.assemblies.services import rules_for
from coop.core.tenancy.models import Organization
from coop.minutes import wording
from coop.minutes.integrity import integrity
from coop.minutes.models import Minutes, MinutesAddendum
from coop.minutes.rules import special_terms
from coop.statutes.rules import NoticeVerdict
from coop.voting.abstentions import abstentions_by_item
from coop.voting.results import results_by_item

# PDF/A-3b: fonts embedded, an sRGB output intent and XMP metadata, for the archive.
PDF_VARIANT = "pdf/a-3b"
OUTPUT_INTENT = "coop-srgb"


@cache
def _srgb_profile() -> bytes:
    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def write_pdf(html: str, seal: bool = False) -> bytes:
    """An HTML document written as an archival PDF (PDF/A-3b); `seal` signs it (PAdES) with
    the installation's certificate, where it has one."""
    from weasyprint import HTML  # heavy imports, only when a PDF is asked for
    from weasyprint.css import ColorProfile

    # WeasyPrint's own "srgb" intent leaves its profile's file open; the same profile, read
    # once and handed over, makes the same output intent.
    profile = ColorProfile(
        io.BytesIO(_srgb_profile()), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )
    content = HTML(string=html).write_pdf(
        pdf_variant=PDF_VARIANT,
        output_intent=OUTPUT_INTENT,
        color_profiles={OUTPUT_INTENT: profile},
    )
    return seal_pdf(content) if seal else content


@cache
def _signer(key: str, cert: str, passphrase: str | None) -> Any:
    from pyhanko.sign import signers

    secret = passphrase.encode() if passphrase else None
    return signers.SimpleSigner.load(key, cert, key_passphrase=secret)


def seal_pdf(content: bytes) -> bytes:
    """Sign a PDF (PAdES, as an incremental update) with the key and certificate the
    installation names in PDF_SIGNING_KEY and PDF_SIGNING_CERT, so that any PDF reader shows
    whether the file is untouched; without them the PDF is returned as it is, and the hashes
    and signatures recorded by coop stand alone."""
    config = current_app.config
    key, cert = config.get("PDF_SIGNING_KEY"), config.get("PDF_SIGNING_CERT")
    if not (key and cert):
        return content
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(key, cert, config.get("PDF_SIGNING_PASSPHRASE"))
    meta = signers.PdfSignatureMetadata(
        field_name="coop", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def render_body(org: Organization, minutes: Minutes) -> str:
    """The minutes' text as HTML, drafted from the record, in the locale in force."""
    assembly = minutes.assembly
    rules = rules_for(org, assembly)
    results = results_by_item(assembly)
    specials = {
        result.vote_id: special_terms(
            rules, result.decision_kind, result.majority_rule, result.eligible
        )
        for item_results in results.values()
        for result in item_results
        if not result.is_open
    }
    elected = [
        (result.item_title, names)
        for item_results in results.values()
        for result in item_results
        if (names := wording.elected_names(result))
    ]
    member_signers = [
        signer.member.full_name
        for signer in sorted(minutes.signers, key=lambda s: s.slot)
        if signer.slot.startswith("member-")
    ]
    call = assembly.current_call
    return render_template(
        "minutes/_body.html",
        org=org,
        minutes=minutes,
        assembly=assembly,
        quorum=quorum_panel(org, assembly),
        call_rule=rules.calls[call - 1] if call and call <= len(rules.calls) else None,
        attendance=book_lines([assembly.id])[assembly.id],
        proxies=proxy_list(assembly),
        results=results,
        specials=specials,
        elected=elected,
        member_signers=member_signers,
        verdicts=NoticeVerdict,
        abstentions=abstentions_by_item(assembly),
        words=wording,
        date_words=wording.date_words,
    )


def addendum_html(org: Organization, minutes: Minutes, addendum: MinutesAddendum) -> str:
    """An addendum as it is signed: its number, the minutes it corrects, its date, its text."""
    return render_template(
        "minutes/_addendum.html",
        org=org,
        minutes=minutes,
        addendum=addendum,
        date_words=wording.date_words,
    )


def minutes_pdf(org: Organization, minutes: Minutes, body: str, warning: bool) -> bytes:
    """The minutes as a PDF: their text, who signed it and when, their addenda; sealed
    (PAdES) once signed and locked, where the installation has a certificate."""
    document = render_template(
        "minutes/pdf.html",
        org=org,
        minutes=minutes,
        body=body,
        seals=integrity(minutes, with_pdf=False),
        warning=warning,
        words=wording,
    )
    return write_pdf(document, seal=minutes.is_locked and not warning)
