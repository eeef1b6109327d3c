"""Reading back the PDFs coop writes: their text (poppler's pdftotext) and their structure
(qpdf --check). Both are Debian packages that scripts/system-packages installs."""

import subprocess
import tempfile
from pathlib import Path


def _file(content: bytes) -> Path:
    assert content.startswith(b"%PDF-"), content[:40]
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
        handle.write(content)
    return Path(handle.name)


def pdf_text(content: bytes) -> str:
    """The text of a PDF, its lines joined with single spaces, as a reader would search it."""
    path = _file(content)
    try:
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        path.unlink()
    return " ".join(out.split())


def qpdf_check(content: bytes) -> None:
    """Fail unless qpdf finds the PDF sound (exit 0: no errors, no warnings)."""
    path = _file(content)
    try:
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    finally:
        path.unlink()
    assert result.returncode == 0, result.stdout + result.stderr


def pdf_pages(content: bytes) -> int:
    """How many pages a PDF has (qpdf --show-npages)."""
    path = _file(content)
    try:
        out = subprocess.run(
            ["qpdf", "--show-npages", str(path)], check=True, capture_output=True, text=True
        ).stdout
    finally:
        path.unlink()
    return int(out)


def pdf_structure(content: bytes) -> str:
    """The PDF's objects uncompressed (qpdf --qdf), to look for its PDF/A marks."""
    path = _file(content)
    out = path.with_suffix(".qdf")
    try:
        subprocess.run(
            ["qpdf", "--qdf", "--object-streams=disable", str(path), str(out)], check=True
        )
        return out.read_bytes().decode("latin-1")
    finally:
        path.unlink()
        out.unlink(missing_ok=True)


def is_pdf_a(content: bytes) -> bool:
    """Whether the PDF says it is PDF/A-3b and carries an output intent."""
    structure = pdf_structure(content)
    return 'pdfaid:part="3"' in structure and "/OutputIntents" in structure
