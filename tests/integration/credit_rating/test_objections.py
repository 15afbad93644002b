"""Objections (异议申诉, CR-9): the record's department corrects, removes or upholds;
overdue objections are listed and announced once."""

from __future__ import annotations

from datetime import date, timedelta

from services.credit_rating.handlers.objections import announce_overdue
from shared.workdays import deadline
from tests.clock import TODAY, days_ago
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    OPERATOR,
    SCJG,
    SCJG_REVIEWER,
    YJGL,
    YJGL_REVIEWER,
    blacklist,
    events,
    register,
)

RECENTLY = days_ago(10).isoformat()


async def add(client, uscc: str, severity: str) -> str:  # type: ignore[no-untyped-def]
    record = {"kind": "administrative_penalty", "severity": severity, "department": "SCJG",
              "legal_basis": "《中华人民共和国食品安全法》第一百二十四条", "decided_on": RECENTLY}
    answer = await client.post(f"/v1/entities/{uscc}/records", json=record, headers=SCJG)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def file(client, record_id: str) -> dict:  # type: ignore[no-untyped-def]
    answer = await client.post("/v1/objections", headers=YJGL, json={
        "record_id": record_id, "reason": "处罚决定已被行政复议撤销"})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_a_removed_record_leaves_the_grade_and_the_blacklist(client):
    uscc = await register(client)
    record_id = await blacklist(client, uscc)
    objection = await file(client, record_id)

    assert objection["status"] == "pending" and objection["department"] == "SCJG"
    assert objection["due_on"] == deadline(date.fromisoformat(objection["filed_on"]),
                                           15).isoformat()
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=SCJG)).json()
    assert record["status"] == "under_objection"
    (filed,) = await events(client.app, "credit.objection.filed.v1", uscc)
    assert filed["objection_id"] == objection["id"]
    again = await client.post("/v1/objections", headers=YJGL,
                              json={"record_id": record_id, "reason": "再次申诉, 理由同上"})
    assert again.status_code == 409 and "under objection" in again.json()["detail"]

    foreign = await client.post(f"/v1/objections/{objection['id']}:decide",
                                headers=YJGL_REVIEWER,
                                json={"outcome": "removed", "note": "复议撤销"})
    assert foreign.status_code == 403 and "SCJG" in foreign.json()["detail"]

    removed = await client.post(f"/v1/objections/{objection['id']}:decide",
                                headers=SCJG_REVIEWER,
                                json={"outcome": "removed", "note": "复议撤销, 记录撤销"})
    assert removed.status_code == 200, removed.text
    assert removed.json()["status"] == "removed"
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=SCJG)).json()
    assert (record["status"], record["published"]) == ("removed", False)
    (decided,) = await events(client.app, "credit.objection.decided.v1", uscc)
    assert (decided["outcome"], decided["record_status"]) == ("removed", "removed")
    grades = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [g["new_grade"] for g in grades] == ["A", "D", "A"]
    listings = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert [b["listed"] for b in listings] == [True, False]
    decided_twice = await client.post(f"/v1/objections/{objection['id']}:decide",
                                      headers=SCJG_REVIEWER,
                                      json={"outcome": "upheld", "note": "维持"})
    assert decided_twice.status_code == 409


async def test_a_corrected_severity_regrades_and_an_upheld_record_stays(client):
    uscc = await register(client)
    corrected_id = await add(client, uscc, "general")
    upheld_id = await add(client, uscc, "minor")
    corrected, upheld = await file(client, corrected_id), await file(client, upheld_id)

    incomplete = await client.post(f"/v1/objections/{corrected['id']}:decide",
                                   headers=SCJG_REVIEWER,
                                   json={"outcome": "corrected", "note": "更正"})
    assert incomplete.status_code == 422 and "severity" in incomplete.json()["detail"]
    fixed = await client.post(f"/v1/objections/{corrected['id']}:decide", headers=SCJG_REVIEWER,
                              json={"outcome": "corrected", "note": "情节轻微, 更正为轻微",
                                    "severity": "minor"})
    kept = await client.post(f"/v1/objections/{upheld['id']}:decide", headers=SCJG_REVIEWER,
                             json={"outcome": "upheld", "note": "事实清楚, 维持"})

    assert fixed.status_code == 200 and kept.status_code == 200, fixed.text
    records = {r["id"]: r for r in
               (await client.get(f"/v1/entities/{uscc}/records", headers=SCJG)).json()}
    assert (records[corrected_id]["status"], records[corrected_id]["severity"]) == (
        "active", "minor")
    assert records[upheld_id]["status"] == "active"
    grades = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [g["new_grade"] for g in grades] == ["A", "C", "B"]  # only letter changes
    decided = await events(client.app, "credit.objection.decided.v1", uscc)
    assert [(d["outcome"], d["severity"]) for d in decided] == [
        ("corrected", "minor"), ("upheld", "minor")]


async def test_overdue_objections_are_listed_and_announced_once(client):
    uscc = await register(client)
    objection = await file(client, await add(client, uscc, "minor"))
    due_on = date.fromisoformat(objection["due_on"])
    later = due_on + timedelta(days=1)

    on_time = await client.get("/v1/objections", headers=SCJG,
                               params={"overdue": "true", "uscc": uscc})
    overdue = await client.get("/v1/objections", headers=SCJG,
                               params={"overdue": "true", "uscc": uscc,
                                       "as_of": later.isoformat()})
    assert on_time.status_code == 200 and on_time.json() == []
    assert [(o["id"], o["overdue"]) for o in overdue.json()] == [(objection["id"], True)]

    app = client.app
    for _ in range(2):  # the sweep runs daily; each objection is announced once
        async with app.state.db.unit_of_work() as uow:
            await announce_overdue(uow, actor="daily", as_of=later)
    (announced,) = await events(app, "credit.objection.overdue.v1", uscc)
    assert (announced["objection_id"], announced["due_on"]) == (objection["id"],
                                                                 due_on.isoformat())
    officer = await client.post("/v1/objections:announce-overdue", headers=SCJG)
    assert officer.status_code == 403 and "'operator'" in officer.json()["detail"]
    sweep = await client.post("/v1/objections:announce-overdue", headers=OPERATOR)
    assert sweep.status_code == 200 and sweep.json()["announced"] == 0
    read = (await client.get(f"/v1/objections/{objection['id']}", headers=SCJG)).json()
    assert read["overdue_announced_on"] == later.isoformat()


async def test_a_report_as_of_before_a_correction_shows_the_severity_it_had(client):
    uscc = await register(client)
    record_id = await add(client, uscc, "general")
    objection = await file(client, record_id)
    fixed = await client.post(f"/v1/objections/{objection['id']}:decide",
                              headers=SCJG_REVIEWER, json={"outcome": "corrected",
                                                           "note": "更正为轻微",
                                                           "severity": "minor"})
    assert fixed.status_code == 200, fixed.text

    yesterday = days_ago(1).isoformat()
    before = (await client.get(f"/v1/entities/{uscc}/report", params={"as_of": yesterday},
                               headers=YJGL)).json()
    now = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)).json()

    [then_record], [now_record] = before["records"], now["records"]
    assert (then_record["severity"], then_record["published"]) == ("general", True)
    assert (now_record["severity"], now_record["published"]) == ("minor", False)
    assert (before["grade"]["grade"], now["grade"]["grade"]) == ("C", "B")


async def test_filing_needs_an_officer_and_deciding_a_reviewer_of_the_records_department(
        client):
    uscc = await register(client)
    record_id = await add(client, uscc, "general")
    unfiled = await client.post("/v1/objections", headers=NO_ROLE, json={
        "record_id": record_id, "reason": "处罚决定已被行政复议撤销"})
    assert unfiled.status_code == 403 and "'officer'" in unfiled.json()["detail"]
    objection = await file(client, record_id)
    url = f"/v1/objections/{objection['id']}:decide"
    removal = {"outcome": "removed", "note": "复议撤销"}

    officer = await client.post(url, headers=SCJG, json=removal)
    foreign = await client.post(url, headers=YJGL_REVIEWER, json=removal)

    assert officer.status_code == 403 and "'reviewer'" in officer.json()["detail"]
    assert foreign.status_code == 403
    assert foreign.json()["type"].endswith("/not-your-department")
    unchanged = (await client.get(f"/v1/objections/{objection['id']}", headers=YJGL)).json()
    assert (unchanged["status"], unchanged["decided_on"]) == ("pending", None)
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert record["status"] == "under_objection"
    assert await events(client.app, "credit.objection.decided.v1", uscc) == []
    assert TODAY.isoformat() == objection["filed_on"]  # filed on the service clock's day
