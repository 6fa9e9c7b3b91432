"""The certbot deploy hook against moto's ACM, with a throwaway self-signed certificate
standing in for a Let's Encrypt one (the import path does not care who signed it)."""
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from moto import mock_aws

from ops import acm_import

DOMAIN = "paint.example.com"


def write_lineage(live, serial):
    """A certbot live directory: cert.pem, chain.pem, privkey.pem."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DOMAIN)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(serial)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(DOMAIN)]), critical=False)
            .sign(key, hashes.SHA256()))
    live.mkdir(parents=True, exist_ok=True)
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (live / "cert.pem").write_bytes(pem)
    (live / "chain.pem").write_bytes(pem)
    (live / "privkey.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


@pytest.fixture
def acm(aws):
    with mock_aws():
        yield boto3.client("acm")


def test_renewal_is_reimported_under_the_same_arn(acm, tmp_path, capsys):
    live = tmp_path / "live" / DOMAIN
    hook_env = {"RENEWED_LINEAGE": str(live), "RENEWED_DOMAINS": f"{DOMAIN} www.{DOMAIN}",
                "AWS_DEFAULT_REGION": "eu-west-1"}
    write_lineage(live, serial=1001)
    assert acm_import.main([], hook_env) == 0
    first_arn = capsys.readouterr().out.strip()
    # Checked before the renewal: moto forgets tags on a re-import, ACM keeps them.
    tags = acm.list_tags_for_certificate(CertificateArn=first_arn)["Tags"]
    assert tags == [{"Key": "certbot-lineage", "Value": DOMAIN}]

    write_lineage(live, serial=2002)  # certbot renewed: new files in the same lineage
    assert acm_import.main([], hook_env) == 0
    assert capsys.readouterr().out.strip() == first_arn

    summaries = acm.list_certificates()["CertificateSummaryList"]
    assert [s["CertificateArn"] for s in summaries] == [first_arn]
    described = acm.describe_certificate(CertificateArn=first_arn)["Certificate"]
    assert described["Type"] == "IMPORTED"
    served = acm.get_certificate(CertificateArn=first_arn)["Certificate"]
    assert served.strip() == (live / "cert.pem").read_text().strip()  # the renewed one


def test_an_explicit_arn_is_reimported_into(acm, tmp_path):
    live = tmp_path / DOMAIN
    write_lineage(live, serial=1)
    arn = acm_import.import_lineage(acm, live, DOMAIN)
    write_lineage(live, serial=2)
    assert acm_import.import_lineage(acm, live, "other.example.com", certificate_arn=arn) == arn


def test_a_certificate_requested_from_acm_is_never_overwritten(acm, tmp_path):
    requested = acm.request_certificate(DomainName=DOMAIN, ValidationMethod="DNS")["CertificateArn"]
    write_lineage(tmp_path / DOMAIN, serial=7)
    imported = acm_import.import_lineage(acm, tmp_path / DOMAIN, DOMAIN)
    assert imported != requested


def test_outside_certbot_the_lineage_must_be_named(aws):
    with pytest.raises(SystemExit):
        acm_import.main([], {})
