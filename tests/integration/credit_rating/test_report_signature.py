"""A report others can trust (CR-12 异地互认, issue 16.8): the JSON report carries a
detached Ed25519 JWS by the issuing service's key, published at /.well-known/jwks.json;
`jianguan report verify FILE` checks a downloaded report offline and names why a
tampered one fails."""

from __future__ import annotations

import base64
import json
import re

from click.testing import CliRunner

from jianguan.cli import main
from services.credit_rating.report_signing import (
    TYPE,
    ReportNotVerified,
    ReportSigner,
    b64url,
    canonical,
    digest,
    verify,
)
from tests.integration.credit_rating.conftest import YJGL, register
from tests.integration.credit_rating.report_history import rich_history

OTHER_KEY = base64.b64encode(b"another-issuer-s-ed25519-key-32b").decode()


async def downloaded(client, tmp_path, **registration):  # type: ignore[no-untyped-def]
    """A report as a file (its bytes as the API sent them) and the issuer's key set."""
    uscc = await rich_history(client, records=5, **registration)
    answer = await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)
    assert answer.status_code == 200, answer.text
    keys = await client.get("/.well-known/jwks.json")  # public: no token
    assert keys.status_code == 200 and keys.headers["content-type"] == "application/json"
    report, jwks = tmp_path / "report.json", tmp_path / "jwks.json"
    report.write_bytes(answer.content)
    jwks.write_bytes(keys.content)
    return report, jwks


def tampered(path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def verify_cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["report", "verify", *args])


async def test_a_downloaded_report_verifies_offline_with_the_published_key(client, tmp_path):
    report, jwks = await downloaded(client, tmp_path)
    document = json.loads(report.read_text(encoding="utf-8"))
    header = json.loads(base64.urlsafe_b64decode(document["signature"].split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and document["signature"].split(".")[1] == ""
    keys = json.loads(jwks.read_text(encoding="utf-8"))["keys"]
    assert [(k["kty"], k["crv"], k["kid"]) for k in keys] == [
        ("OKP", "Ed25519", header["kid"])]
    assert document["issuer"]["key_id"] == header["kid"]

    offline = verify_cli(str(report), "--keys", str(jwks))
    own_keys = verify_cli(str(report))  # this installation's keys, from its settings

    assert offline.exit_code == 0, offline.output
    assert f"verified: 信用报告 {document['number']}" in offline.output
    assert "青岛海岸食品有限公司" in offline.output and "青岛市市场监督管理局" in offline.output
    assert own_keys.exit_code == 0, own_keys.output


async def test_a_tampered_report_fails_naming_what_changed(client, tmp_path):
    report, jwks = await downloaded(client, tmp_path)
    original = report.read_text(encoding="utf-8")

    def better_grade(document):  # type: ignore[no-untyped-def]
        document["grade"]["grade"] = "A"

    def hidden_record(document):  # type: ignore[no-untyped-def]
        document["records"].pop(0)

    def no_signature(document):  # type: ignore[no-untyped-def]
        del document["signature"]

    for change, why in ((better_grade, "changed after it was signed: grade"),
                        (hidden_record, "changed after it was signed: records"),
                        (no_signature, "carries no signature")):
        report.write_text(original, encoding="utf-8")
        tampered(report, change)
        answer = verify_cli(str(report), "--keys", str(jwks))
        assert answer.exit_code == 1, answer.output
        assert "NOT verified" in answer.output and why in answer.output, answer.output

    report.write_text(original, encoding="utf-8")
    reformatted = verify_cli(str(report), "--keys", str(jwks))
    assert reformatted.exit_code == 0  # indentation and key order are not content


async def test_a_report_signed_by_another_key_or_with_a_forged_header_fails(client, tmp_path):
    report, jwks = await downloaded(client, tmp_path)
    document = json.loads(report.read_text(encoding="utf-8"))
    keys = json.loads(jwks.read_text(encoding="utf-8"))
    impostor = ReportSigner.from_setting(OTHER_KEY)

    resigned = {**document, "grade": {**document["grade"], "grade": "A"}}
    resigned["signature"] = impostor.sign(resigned)
    # a forged header: the real key's kid and the changed report's digests, with the
    # real signature of the original report
    header = {"alg": "EdDSA", "kid": keys["keys"][0]["kid"], "typ": TYPE, "sections": {
        name: digest(value) for name, value in resigned.items() if name != "signature"}}
    forged = {**resigned, "signature": b64url(canonical(header)) + ".."
              + document["signature"].split(".")[2]}

    for candidate, why in ((resigned, "which is not among the issuer's published keys"),
                           (forged, "signature does not match")):
        try:
            verify(candidate, keys)
        except ReportNotVerified as exc:
            assert why in str(exc), exc
        else:
            raise AssertionError(f"{why}: verified")
    assert verify(resigned, impostor.jwks()).key_id == impostor.key_id


async def test_the_html_page_is_refused_by_the_verifier_with_what_to_verify(client, tmp_path):
    uscc = await register(client)
    page = await client.get(f"/v1/entities/{uscc}/report.html", headers=YJGL)
    path = tmp_path / "report.html"
    path.write_text(page.text, encoding="utf-8")
    answer = verify_cli(str(path))
    assert answer.exit_code == 1 and "signed JSON" in answer.output
    # the page's download is that signed JSON, and it verifies
    found = re.search(r'href="data:application/json;base64,([^"]+)"', page.text)
    assert found is not None
    (tmp_path / "download.json").write_bytes(base64.b64decode(found[1]))
    assert verify_cli(str(tmp_path / "download.json")).exit_code == 0
