"""Where the installation has a certificate, signed minutes and the books carry a PAdES
signature that any PDF reader can check; without one, nothing is signed."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.factories import login_as
from tests.integration.minutes.helpers import (
    approve,
    close_with_a_vote,
    give_pins,
    locked_minutes,
    minutes_of,
    name_signers,
    sign_as,
)
from tests.pdfs import is_pdf_a, qpdf_check


@pytest.fixture
def certificate(app, tmp_path):
    """A self-signed certificate and its key, named in the app's configuration."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Cooperativa coop-a")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    app.config.update(PDF_SIGNING_KEY=str(key_path), PDF_SIGNING_CERT=str(cert_path))
    yield asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    app.config.update(PDF_SIGNING_KEY=None, PDF_SIGNING_CERT=None)


def _status(content: bytes, root):
    (signature,) = PdfFileReader(io.BytesIO(content)).embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


def test_locked_minutes_and_books_are_sealed(app, client, world, certificate):
    url = close_with_a_vote(client, world)
    name_signers(client, url, president="001", secretary="002")
    approve(client, url)
    # Approved but not yet signed by the people named: no seal yet.
    assert not PdfFileReader(
        io.BytesIO(minutes_of(app, world.a.assembly_id).locked_pdf)
    ).embedded_signatures
    client.post("/logout")
    give_pins(app, "coop-a", "002")
    sign_as(client, url, "001", "president")
    sign_as(client, url, "002", "secretary")
    client.post("/logout")
    sealed = minutes_of(app, world.a.assembly_id).locked_pdf
    qpdf_check(sealed)
    assert is_pdf_a(sealed)
    status = _status(sealed, certificate)
    assert status.intact and status.valid and status.trusted
    # A byte changed after sealing (in the binary comment of the header, which the signature
    # covers and no reader needs) is seen by any reader.
    assert sealed.startswith(b"%PDF-1.7\n%")
    tampered = bytearray(sealed)
    tampered[10] ^= 0x01
    assert not _status(bytes(tampered), certificate).intact
    login_as(client, "certifier")
    book = client.get("/o/coop-a/books/minutes.pdf").data
    qpdf_check(book)
    assert _status(book, certificate).intact


def test_without_a_certificate_nothing_is_sealed(app, client, world):
    locked_minutes(app, client, world)
    content = minutes_of(app, world.a.assembly_id).locked_pdf
    assert not PdfFileReader(io.BytesIO(content)).embedded_signatures
