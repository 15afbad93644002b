"""Credit records lower grades, grades explain themselves, and 逢办必查 answers (CR-2/3/6)."""

from __future__ import annotations

from datetime import timedelta

from tests.clock import TODAY, days_ago
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    SCJG,
    YJGL,
    blacklist,
    events,
    register,
)

RECENTLY = days_ago(10).isoformat()


def penalty(severity: str = "minor", **changes: object) -> dict[str, object]:
    return {"kind": "administrative_penalty", "severity": severity, "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "decided_on": RECENTLY, **changes}


async def test_a_record_lowers_the_grade_and_only_a_letter_change_is_announced(client):
    uscc = await register(client)

    first = await client.post(f"/v1/entities/{uscc}/records", json=penalty(), headers=SCJG)
    complaint = {**penalty(), "kind": "substantiated_complaint"}
    second = await client.post(f"/v1/entities/{uscc}/records", json=complaint, headers=SCJG)

    assert first.status_code == 201 and second.status_code == 201, second.text
    assert first.json()["status"] == "active" and first.json()["department"] == "SCJG"
    changes = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [(c["old_grade"], c["new_grade"]) for c in changes] == [(None, "A"), ("A", "B")]
    assert changes[-1]["rule_version"] and changes[-1]["no_penalty_3y"] is False
    added = await events(client.app, "credit.record.added.v1", uscc)
    assert [a["record_id"] for a in added] == [first.json()["id"], second.json()["id"]]

    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert (grade["grade"], grade["label"]) == ("B", "轻微失信")
    named = {rid for factor in grade["factors"] for rid in factor["record_ids"]}
    assert {first.json()["id"], second.json()["id"]} <= named
    listed = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert {r["id"] for r in listed} == {first.json()["id"], second.json()["id"]}


async def test_a_first_exempt_minor_violation_is_kept_but_does_not_lower_the_grade(client):
    uscc = await register(client)
    answer = await client.post(f"/v1/entities/{uscc}/records",
                               json=penalty(violation_code="MF-003"), headers=SCJG)
    assert answer.status_code == 201
    assert answer.json()["status"] == "exempted" and answer.json()["published"] is False
    assert "免罚清单" in answer.json()["exempt_reason"]
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=SCJG)).json()
    assert grade["grade"] == "A"
    assert any(answer.json()["id"] in f["record_ids"] for f in grade["factors"])


async def test_the_check_answers_another_department_with_its_measures_for_the_matter(client):
    uscc = await register(client, new_economy=True)
    serious = await blacklist(client, uscc)

    check = await client.get(f"/v1/entities/{uscc}/check",
                             params={"matter": "hazardous_chemicals"}, headers=YJGL)

    assert check.status_code == 200, check.text
    body = check.json()
    assert (body["grade"], body["department"]) == ("D", "YJGL")
    assert body["blacklist"]["listed"] is True
    assert body["blacklist"]["record_ids"] == [serious]
    assert [m["code"] for m in body["measures"]] == ["LHCJ-07"]
    assert body["tolerance"]["in_tolerance"] is False  # established 2015: its 包容期 is over
    clean = await register(client)
    plain = (await client.get(f"/v1/entities/{clean}/check", headers=YJGL)).json()
    assert (plain["grade"], plain["blacklist"]["listed"], plain["measures"]) == ("A", False, [])


async def test_bad_records_are_refused_saying_what_to_change(client):
    uscc = await register(client)
    records = f"/v1/entities/{uscc}/records"

    kind = await client.post(records, json=penalty(kind="fine"), headers=SCJG)
    severity = await client.post(records, json=penalty("grave"), headers=SCJG)
    missing = await client.post(records, json=penalty(severity=None), headers=SCJG)
    foreign = await client.post(records, json=penalty(), headers=YJGL)
    tomorrow = (TODAY + timedelta(days=2)).isoformat()
    roleless = await client.post(records, json=penalty(), headers=NO_ROLE)
    future = await client.post(records, json={**penalty(), "decided_on": tomorrow}, headers=SCJG)

    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "body.kind"
    assert "'administrative_penalty'" in kind.json()["detail"]
    assert "'kept_commitment'" in kind.json()["detail"]
    assert severity.status_code == 422 and severity.json()["errors"][0]["field"] == "body.severity"
    assert "'minor', 'general' or 'serious'" in severity.json()["detail"]
    assert missing.status_code == 422 and "needs a severity" in missing.json()["detail"]
    assert future.status_code == 422 and "after today" in future.json()["detail"]
    assert future.json()["errors"][0]["field"] == "body.decided_on"
    assert foreign.status_code == 403 and foreign.json()["type"].endswith("/not-your-department")
    assert roleless.status_code == 403 and "'officer'" in roleless.json()["detail"]
    assert (await client.get(records, headers=SCJG)).json() == []
