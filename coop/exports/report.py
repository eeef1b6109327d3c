"""The evidence report as PDF/A, in a given language, and as JSON."""

import warnings
from dataclasses import asdict
from typing import Any

from flask import render_template
from flask_babel import force_locale

from coop.core.tenancy.models import Organization
from coop.evidence import texts
from coop.evidence.services import Evidence


def evidence_pdf(org: Organization, evidence: Evidence, locale: str) -> bytes:
    """The report in `locale` as PDF/A-3b; the same record gives the same bytes."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    with force_locale(locale):
        html = render_template(
            "evidence/report_pdf.html",
            org=org,
            evidence=evidence,
            texts=texts,
            record_url=lambda *_args: None,
            pdf=True,
            locale=locale,
        )
    with warnings.catch_warnings():
        # WeasyPrint opens its sRGB profile for PDF/A without closing it; nothing of ours leaks.
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")


def evidence_data(evidence: Evidence) -> dict[str, Any]:
    """The evidence as plain data: codes and values, in no language."""
    return {
        "period": asdict(evidence.period),
        "chain_head": asdict(evidence.head),
        "settings": asdict(evidence.settings),
        "checks": [asdict(check) for check in evidence.checks],
        "years": [asdict(year) for year in evidence.years],
        "assemblies": [asdict(point) for point in evidence.assemblies],
    }
