"""The certifier's export of one organization and period: every file, a manifest of their
SHA-256 and of the audit chain's head, a SHA256SUMS, and the script that checks it all.

The export holds no "made on" anywhere: its bytes are a function of the record alone, so the
same record gives the same file whatever the language of the interface it is asked from. When
it was made, by whom and at which head is written down outside it, as an anchor of the audit
chain (coop.audit.services.anchor) and in the certifiers' log.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask_babel import force_locale

from coop.assemblies.services import assembly_day
from coop.audit import offline
from coop.audit.services import ChainHead, anchor, anchors_of, seal
from coop.audit.verification import anchor_rows, trail_rows
from coop.core.i18n import document_locale
from coop.core.tenancy.models import Organization
from coop.evidence.records import all_assemblies
from coop.evidence.rules.periods import Period
from coop.evidence.services import evidence_for
from coop.exports.archive import write_zip
from coop.exports.files import (
    AssemblyRecords,
    assembly_files,
    json_bytes,
    members_csv,
    members_json,
    officers_files,
)
from coop.exports.report import evidence_data, evidence_pdf
from coop.members import exporting
from coop.voting.officers import officer_terms

FORMAT = "coop-export/2"
VERIFIER = Path(offline.__file__)


@dataclass(frozen=True)
class Export:
    content: bytes
    manifest_sha256: str
    head: ChainHead
    filename: str


def languages_for(org: Organization, reader: str | None) -> list[str]:
    """The languages of the evidence report: the organization's, and the reader's."""
    return sorted({document_locale(org), *([reader] if reader else [])})


def build_export(org: Organization, period: Period, languages: list[str]) -> Export:
    """The export of `period` with the evidence report in each of `languages`; it only reads."""
    with force_locale(document_locale(org)):
        evidence = evidence_for(org, period)
        head = evidence.head
        members = list(exporting.register_members(org))
        files = {
            "verify.py": VERIFIER.read_bytes(),
            "members.csv": members_csv(members),
            # Standing as the period ends (or today, for the last 12 months): the same
            # record gives the same file whatever day it is asked for.
            "members.json": members_json(members, min(period.end, org.today())),
            **officers_files(officer_terms(org)),
            offline.TRAIL: json_bytes(trail_rows(org)),
            # Heads written down before this one: each must still be in the chain.
            offline.ANCHORS: json_bytes(
                [a for a in anchor_rows(org) if (a["seq"], a["hash"]) != (head.seq, head.hash)]
            ),
            "evidence.json": json_bytes(evidence_data(evidence)),
        }
        for locale in languages:
            files[f"evidence-{locale}.pdf"] = evidence_pdf(org, evidence, locale)
        assemblies = [a for a in all_assemblies(org) if assembly_day(org, a) in period]
        records = AssemblyRecords.load(org, assemblies)
        for assembly in assemblies:
            folder = f"assemblies/{assembly_day(org, assembly).isoformat()}-{assembly.id}"
            for name, content in assembly_files(org, assembly, records).items():
                files[f"{folder}/{name}"] = content
    listing = [
        {"path": path, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for path, content in sorted(files.items())
    ]
    manifest = json_bytes(
        {
            "format": FORMAT,
            "organization": {
                "slug": org.slug,
                "name": org.name,
                "country": org.country,
                "language": document_locale(org),
            },
            "period": {"key": period.key, "start": period.start, "end": period.end},
            "languages": languages,
            "chain_head": {"seq": head.seq, "hash": head.hash},
            "files": listing,
        }
    )
    digest = hashlib.sha256(manifest).hexdigest()
    sums = "".join(f"{entry['sha256']}  {entry['path']}\n" for entry in listing)
    sums += f"{digest}  {offline.MANIFEST}\n"
    files[offline.MANIFEST], files[offline.SUMS] = manifest, sums.encode()
    name = f"{org.slug}-{period.key}-{head.seq}.zip"
    return Export(write_zip(files), digest, head, name)


def make_export(
    org: Organization, period: Period, languages: list[str], actor_id: int | None
) -> Export:
    """Seal what is pending, build the export, and anchor its head with its manifest's SHA-256
    (the caller commits)."""
    seal(org)
    export = build_export(org, period, languages)
    anchor(org, "export", f"{period.key} {export.manifest_sha256}", actor_id)
    return export


def exports_made(org: Organization) -> list[tuple[str, str, int, str, object]]:
    """Exports made so far, newest first: (period, manifest SHA-256, head, head hash, when)."""
    found = []
    for row in reversed(anchors_of(org)):
        if row.purpose == "export":
            period, _sep, digest = row.reference.partition(" ")
            found.append((period, digest, row.seq, row.hash, row.created_at))
    return found
