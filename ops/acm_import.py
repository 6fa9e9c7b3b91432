"""Import a Let's Encrypt certificate into ACM, and re-import it on every renewal.

Meant as a certbot deploy hook (certbot sets RENEWED_LINEAGE and RENEWED_DOMAINS):

    certbot certonly --dns-route53 -d api.example.com \
        --deploy-hook "/opt/paint/.venv/bin/python -m ops.acm_import"

The first run imports the certificate and prints its ARN, which goes into the environment
stack's CertificateArn parameter. Later runs re-import into the same ARN, so the load
balancer's listener picks up the renewed certificate without any change to the stack.
The ARN is found again by domain among imported certificates (or given with --certificate-arn).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import boto3

LINEAGE_TAG = "certbot-lineage"


def read_lineage(lineage: Path) -> dict[str, bytes]:
    """The three PEM files certbot keeps in a lineage's live directory."""
    return {
        "Certificate": (lineage / "cert.pem").read_bytes(),
        "CertificateChain": (lineage / "chain.pem").read_bytes(),
        "PrivateKey": (lineage / "privkey.pem").read_bytes(),
    }


def find_imported(acm, domain: str) -> str | None:
    """ARN of the certificate we imported earlier for this domain, if any."""
    for page in acm.get_paginator("list_certificates").paginate():
        for summary in page["CertificateSummaryList"]:
            if summary["DomainName"] != domain:
                continue
            arn = summary["CertificateArn"]
            if acm.describe_certificate(CertificateArn=arn)["Certificate"]["Type"] == "IMPORTED":
                return arn
    return None


def import_lineage(acm, lineage: Path, domain: str, certificate_arn: str | None = None) -> str:
    """Import (first time) or re-import (renewal) and return the certificate's ARN."""
    pem = read_lineage(lineage)
    arn = certificate_arn or find_imported(acm, domain)
    if arn:
        # ACM refuses tags on a re-import; the ARN, and so the listener, stays the same.
        return acm.import_certificate(CertificateArn=arn, **pem)["CertificateArn"]
    tags = [{"Key": LINEAGE_TAG, "Value": lineage.name}]
    return acm.import_certificate(Tags=tags, **pem)["CertificateArn"]


def parse_args(argv: list[str], environ) -> argparse.Namespace:
    domains = environ.get("RENEWED_DOMAINS", "").split()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lineage", type=Path, default=environ.get("RENEWED_LINEAGE"),
                        help="certbot live directory (default: $RENEWED_LINEAGE)")
    parser.add_argument("--domain", default=domains[0] if domains else None,
                        help="the certificate's main domain (default: first of $RENEWED_DOMAINS)")
    parser.add_argument("--certificate-arn", default=environ.get("ACM_CERTIFICATE_ARN"),
                        help="re-import into this ARN instead of looking it up by domain")
    parser.add_argument("--region", default=environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION"),
                        help="the load balancer's region (ACM certificates are regional)")
    args = parser.parse_args(argv)
    if args.lineage is None or args.domain is None:
        parser.error("--lineage and --domain are needed outside a certbot deploy hook")
    return args


def main(argv: list[str] | None = None, environ=os.environ) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv, environ)
    acm = boto3.client("acm", region_name=args.region)
    print(import_lineage(acm, args.lineage, args.domain, args.certificate_arn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
