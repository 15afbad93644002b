"""Extreme values in any body or query are a 422 naming the field, never a 500: days are
ISO strings from 1949-10-01 to 2099-12-31 (an integer is no day), flags are JSON booleans
(0 is not false), counts are bounded."""

from __future__ import annotations

import pytest

from tests.clock import days_ago
from tests.integration.credit_rating.conftest import SCJG, SCJG_REVIEWER, YJGL, register, token
from tests.integration.credit_rating.test_repair import add_general, application

XZSP = token("XZSP", "officer")
EXTREME_DAYS = ["0001-01-01", "9999-12-31", "1949-09-30", "2100-01-01", 0, 20261124, True,
                "2026-13-01", "yesterday"]


def record(decided_on: object) -> dict[str, object]:
    return {"kind": "administrative_penalty", "severity": "minor", "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条", "decided_on": decided_on}


@pytest.mark.parametrize("day", EXTREME_DAYS)
async def test_an_extreme_day_in_a_body_is_a_422_naming_it(client, day):
    uscc = await register(client)
    commitment = {"uscc": uscc, "kind": "public_disclosure", "department": "XZSP",
                  "content": "主动公开承诺", "made_on": days_ago(3).isoformat()}
    made = (await client.post("/v1/commitments", json=commitment, headers=XZSP)).json()
    listed = (await client.post(f"/v1/entities/{uscc}/abnormal-listings", headers=SCJG, json={
        "department": "SCJG", "reason": "通过登记的住所无法联系",
        "listed_on": days_ago(3).isoformat()})).json()
    calls = [
        ("body.decided_on", f"/v1/entities/{uscc}/records", record(day), SCJG),
        ("body.made_on", "/v1/commitments", {**commitment, "made_on": day}, XZSP),
        ("body.valid_until", "/v1/commitments", {**commitment, "valid_until": day}, XZSP),
        ("body.found_on", f"/v1/commitments/{made['id']}:breach",
         {"found_on": day, "finding": "现场核查"}, XZSP),
        ("body.kept_on", f"/v1/commitments/{made['id']}:keep", {"kept_on": day}, XZSP),
        ("body.listed_on", f"/v1/entities/{uscc}/abnormal-listings",
         {"department": "SCJG", "reason": "无法联系", "listed_on": day}, SCJG),
        ("body.removed_on", f"/v1/abnormal-listings/{listed['id']}:remove",
         {"removed_on": day, "reason": "已补报年度报告"}, SCJG),
    ]
    for field, url, body, headers in calls:
        answer = await client.post(url, json=body, headers=headers)
        assert answer.status_code == 422, (field, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == field
    assert (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json() == []


@pytest.mark.parametrize("flag", [0, 1, "true", None])
async def test_a_flag_is_a_json_boolean(client, flag):
    uscc = await register(client)
    record_id = await add_general(client, uscc, days_ago(200))
    applied = await client.post("/v1/repairs", headers=YJGL,
                                json=application(record_id, obligations_fulfilled=flag))
    assert applied.status_code == 422 and \
        applied.json()["errors"][0]["field"] == "body.obligations_fulfilled"
    repair = (await client.post("/v1/repairs", json=application(record_id),
                                headers=YJGL)).json()
    decided = await client.post(f"/v1/repairs/{repair['id']}:decide", json={"approve": flag},
                                headers=SCJG_REVIEWER)
    assert decided.status_code == 422 and decided.json()["errors"][0]["field"] == "body.approve"


@pytest.mark.parametrize("listing", ["/v1/repairs", "/v1/objections"])
@pytest.mark.parametrize("params", [{"as_of": "0001-01-01"}, {"as_of": "9999-12-31"},
                                    {"as_of": "0"}, {"limit": "0"}, {"limit": "501"},
                                    {"limit": "9223372036854775808"}])
async def test_an_extreme_query_value_of_a_listing_is_a_422_naming_it(client, listing, params):
    answer = await client.get(listing, params=params, headers=YJGL)
    assert answer.status_code == 422, answer.text
    [name] = params
    assert answer.json()["errors"][0]["field"] == f"query.{name}"


async def test_a_control_character_is_a_422_naming_the_field_on_every_backend(client):
    uscc = await register(client)
    nul = record(days_ago(3).isoformat()) | {"legal_basis": "《食品安全法》\x00第一百二十四条"}
    answers = {
        "body.legal_basis": await client.post(f"/v1/entities/{uscc}/records", json=nul,
                                              headers=SCJG),
        "body.person": await client.post("/v1/persons:check", json={"person": "张\x00三"},
                                         headers=YJGL),
        "body.record_id": await client.post("/v1/repairs", headers=YJGL,
                                            json=application("r\x00")),
        "query.department": await client.get("/v1/objections",
                                             params={"department": "SC\x00JG"}, headers=YJGL),
    }
    for field, answer in answers.items():
        assert answer.status_code == 422, (field, answer.text)
        assert answer.json()["errors"][0]["field"] == field
    for path, field in (("/v1/repairs/r%00", "path.repair_id"),
                        ("/v1/commitments/c%01", "path.commitment_id"),
                        ("/v1/repairs/" + "a" * 37, "path.repair_id")):
        answer = await client.get(path, headers=YJGL)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    assert (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json() == []


@pytest.mark.parametrize("path", ["/v1/repairs/R-1:decide", "/v1/objections/O-1:decide",
                                  "/v1/commitments/C-1:breach", "/v1/commitments/C-1:keep",
                                  "/v1/abnormal-listings/L-1:remove"])
async def test_a_step_asked_with_the_wrong_method_is_a_405_naming_post(client, path):
    answer = await client.get(path, headers=YJGL)
    assert answer.status_code == 405, answer.text
    assert answer.headers["allow"] == "POST"
