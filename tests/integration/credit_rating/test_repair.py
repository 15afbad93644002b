"""Credit repair (信用修复, CR-9): after the minimum publicity period, with obligations
fulfilled and a public commitment; only the finding department decides."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from services.credit_rating.domain.periods import add_months
from services.credit_rating.handlers.repair import announce_overdue_repairs
from shared.audit import verify_chain
from shared.platform_tables import audit_log
from tests.clock import days_ago
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

__all__ = ["add_general", "application", "days_ago"]  # tests/integration/test_cli_overdue.py


async def add_general(client, uscc: str, decided_on: date) -> str:  # type: ignore[no-untyped-def]
    record = {"kind": "administrative_penalty", "severity": "general", "department": "SCJG",
              "legal_basis": "《中华人民共和国广告法》第五十八条",
              "decided_on": decided_on.isoformat()}
    answer = await client.post(f"/v1/entities/{uscc}/records", json=record, headers=SCJG)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def application(record_id: str, **changes: object) -> dict[str, object]:
    return {"record_id": record_id, "obligations_fulfilled": True,
            "obligations": "罚款已缴清, 已整改到位",
            "public_commitment": "本单位承诺今后严格遵守法律法规, 诚信经营", **changes}


async def test_an_approved_repair_ends_publicity_and_restores_the_grade(client):
    uscc = await register(client)
    record_id = await add_general(client, uscc, days_ago(200))  # past the 3-month minimum
    assert (await client.get(f"/v1/entities/{uscc}/grade", headers=SCJG)).json()["grade"] == "C"

    applied = await client.post("/v1/repairs", json=application(record_id), headers=YJGL)
    assert applied.status_code == 201, applied.text
    repair = applied.json()
    assert (repair["status"], repair["department"]) == ("pending", "SCJG")
    assert repair["due_on"] > repair["applied_on"]
    commitment = (await client.get(f"/v1/commitments/{repair['commitment_id']}",
                                   headers=SCJG)).json()
    assert commitment["kind"] == "credit_repair" and "诚信经营" in commitment["content"]
    [public] = await events(client.app, "credit.commitment.registered.v1", uscc)
    assert (public["commitment_id"], public["kind"]) == (repair["commitment_id"],
                                                         "credit_repair")

    foreign = await client.post(f"/v1/repairs/{repair['id']}:decide", json={"approve": True},
                                headers=YJGL_REVIEWER)
    assert foreign.status_code == 403 and "SCJG" in foreign.json()["detail"]
    assert await events(client.app, "credit.record.repaired.v1", uscc) == []

    approved = await client.post(f"/v1/repairs/{repair['id']}:decide", json={"approve": True},
                                 headers=SCJG_REVIEWER)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=SCJG)).json()
    assert record["status"] == "repaired"
    assert record["publicity_end"] == approved.json()["decided_on"]
    (repaired,) = await events(client.app, "credit.record.repaired.v1", uscc)
    assert (repaired["record_id"], repaired["repair_id"]) == (record_id, repair["id"])
    grades = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [(g["old_grade"], g["new_grade"]) for g in grades] == [
        (None, "A"), ("A", "C"), ("C", "A")]

    twice = await client.post(f"/v1/repairs/{repair['id']}:decide", json={"approve": True},
                              headers=SCJG_REVIEWER)
    assert twice.status_code == 409
    assert len(await events(client.app, "credit.record.repaired.v1", uscc)) == 1
    async with client.app.state.db.reader() as session:
        actions = (await session.execute(select(audit_log.c.action)
                                         .where(audit_log.c.subject == uscc))).scalars().all()
        key = client.app.state.context.database.audit.key
        assert (await verify_chain(session, key)).intact
    assert {"credit.repair.applied", "credit.repair.approved"} <= set(actions)


async def test_a_repair_asked_too_early_says_the_earliest_date(client):
    uscc = await register(client)
    decided_on = days_ago(10)
    record_id = await add_general(client, uscc, decided_on)

    early = await client.post("/v1/repairs", json=application(record_id), headers=YJGL)

    earliest = add_months(decided_on, 3).isoformat()
    assert early.status_code == 409, early.text
    assert early.json()["type"].endswith("/repair-too-early")
    assert early.json()["earliest"] == earliest and earliest in early.json()["detail"]
    assert (await client.get(f"/v1/entities/{uscc}/commitments", headers=SCJG)).json() == []


async def test_a_repair_needs_fulfilled_obligations_a_commitment_and_a_live_record(client):
    uscc = await register(client)
    record_id = await add_general(client, uscc, days_ago(200))
    repairs = "/v1/repairs"

    unfulfilled = await client.post(repairs, json=application(record_id,
                                                              obligations_fulfilled=False),
                                     headers=YJGL)
    no_commitment = await client.post(repairs, json=application(record_id,
                                                                public_commitment=""),
                                      headers=YJGL)
    unknown = await client.post(repairs, json=application("no-such-record"), headers=YJGL)
    first = await client.post(repairs, json=application(record_id), headers=YJGL)
    second = await client.post(repairs, json=application(record_id), headers=YJGL)

    assert unfulfilled.status_code == 409
    assert unfulfilled.json()["type"].endswith("/obligations-not-fulfilled")
    assert no_commitment.status_code == 422
    assert no_commitment.json()["errors"][0]["field"] == "body.public_commitment"
    assert unknown.status_code == 404
    assert first.status_code == 201 and second.status_code == 409
    assert first.json()["id"] in second.json()["detail"]

    rejected = await client.post(f"{repairs}/{first.json()['id']}:decide",
                                 json={"approve": False, "note": "整改未到位"},
                                 headers=SCJG_REVIEWER)
    silent = await client.post(f"{repairs}/{first.json()['id']}:decide",
                               json={"approve": False}, headers=SCJG_REVIEWER)
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert silent.status_code == 422
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=SCJG)).json()
    assert record["status"] == "active"
    assert await events(client.app, "credit.record.repaired.v1", uscc) == []


async def test_repairing_a_serious_record_ends_its_joint_punishment(client):
    uscc = await register(client)
    # past any regime's minimum for serious
    record_id = await blacklist(client, uscc, decided_on=days_ago(400))
    assert (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()["grade"] == "D"

    repair = (await client.post("/v1/repairs", json=application(record_id),
                                headers=YJGL)).json()
    await client.post(f"/v1/repairs/{repair['id']}:decide", json={"approve": True},
                      headers=SCJG_REVIEWER)

    listings = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert [(b["listed"], b["measures"] == []) for b in listings] == [(True, False),
                                                                     (False, True)]
    lists = (await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)).json()
    assert lists["blacklist"]["listed"] is False


async def test_a_repair_that_leaves_the_grade_as_it_was_announces_no_grade_change(client):
    uscc = await register(client)
    repaired_id = await add_general(client, uscc, days_ago(200))
    await add_general(client, uscc, days_ago(150))
    repair = (await client.post("/v1/repairs", json=application(repaired_id),
                                headers=YJGL)).json()

    approved = await client.post(f"/v1/repairs/{repair['id']}:decide",
                                 json={"approve": True}, headers=SCJG_REVIEWER)

    assert approved.status_code == 200
    assert len(await events(client.app, "credit.record.repaired.v1", uscc)) == 1
    grades = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [g["new_grade"] for g in grades] == ["A", "C"]
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=SCJG)).json()
    assert grade["grade"] == "C"
    assert repaired_id not in {rid for f in grade["factors"] for rid in f["record_ids"]}


async def test_overdue_repair_decisions_are_listed_and_announced_once(client):
    uscc = await register(client)
    pending = (await client.post("/v1/repairs", json=application(
        await add_general(client, uscc, days_ago(200))), headers=YJGL)).json()
    decided = (await client.post("/v1/repairs", json=application(
        await add_general(client, uscc, days_ago(210))), headers=YJGL)).json()
    await client.post(f"/v1/repairs/{decided['id']}:decide",
                      json={"approve": False, "note": "材料不全"}, headers=SCJG_REVIEWER)
    due_on = date.fromisoformat(pending["due_on"])
    later = due_on + timedelta(days=1)

    def listing(as_of: date):  # type: ignore[no-untyped-def]
        return client.get("/v1/repairs", headers=SCJG, params={
            "overdue": "true", "uscc": uscc, "as_of": as_of.isoformat()})

    assert (await listing(due_on)).json() == []  # the due day itself is in time
    overdue = (await listing(later)).json()
    assert [(r["id"], r["overdue"]) for r in overdue] == [(pending["id"], True)]
    everything = (await client.get("/v1/repairs", headers=SCJG, params={"uscc": uscc})).json()
    assert {r["id"] for r in everything} == {pending["id"], decided["id"]}

    app = client.app
    for _ in range(2):  # the sweep runs daily; each application is announced once
        async with app.state.db.unit_of_work() as uow:
            await announce_overdue_repairs(uow, actor="daily", as_of=later)
    (announced,) = await events(app, "credit.repair.overdue.v1", uscc)
    assert (announced["repair_id"], announced["department"], announced["due_on"]) == (
        pending["id"], "SCJG", due_on.isoformat())
    officer = await client.post("/v1/repairs:announce-overdue", headers=SCJG)
    assert officer.status_code == 403 and "'operator'" in officer.json()["detail"]
    sweep = await client.post("/v1/repairs:announce-overdue", headers=OPERATOR)
    assert sweep.status_code == 200 and sweep.json()["announced"] == 0
    read = (await client.get(f"/v1/repairs/{pending['id']}", headers=SCJG)).json()
    assert read["overdue_announced_on"] == later.isoformat()


async def test_a_record_past_its_publicity_reads_expired_and_needs_no_repair(client):
    uscc = await register(client)
    old = await add_general(client, uscc, days_ago(400))  # 12 months' publicity ended
    recent = await add_general(client, uscc, days_ago(200))

    records = {r["id"]: r for r in (await client.get(f"/v1/entities/{uscc}/records",
                                                      headers=YJGL)).json()}
    refused = await client.post("/v1/repairs", json=application(old), headers=YJGL)

    assert (records[old]["status"], records[recent]["status"]) == ("expired", "active")
    assert refused.status_code == 409 and "expired" in refused.json()["detail"]
    accepted = await client.post("/v1/repairs", json=application(recent), headers=YJGL)
    assert accepted.status_code == 201, accepted.text


async def test_an_application_and_a_rejection_each_leave_an_event(client):
    uscc = await register(client)
    record_id = await add_general(client, uscc, days_ago(200))
    repair = (await client.post("/v1/repairs", json=application(record_id),
                                headers=YJGL)).json()

    (applied,) = await events(client.app, "credit.repair.applied.v1", uscc)
    assert applied == {"repair_id": repair["id"], "record_id": record_id, "uscc": uscc,
                       "department": "SCJG", "commitment_id": repair["commitment_id"],
                       "applied_on": repair["applied_on"], "due_on": repair["due_on"]}
    assert await events(client.app, "credit.repair.rejected.v1", uscc) == []

    rejected = await client.post(f"/v1/repairs/{repair['id']}:decide", headers=SCJG_REVIEWER,
                                 json={"approve": False, "note": "罚款尚未缴清"})

    assert rejected.status_code == 200, rejected.text
    (announced,) = await events(client.app, "credit.repair.rejected.v1", uscc)
    assert announced == {"repair_id": repair["id"], "record_id": record_id, "uscc": uscc,
                         "department": "SCJG", "rejected_on": rejected.json()["decided_on"],
                         "reason": "罚款尚未缴清"}
    assert await events(client.app, "credit.record.repaired.v1", uscc) == []


async def test_applying_needs_an_officer_and_deciding_a_reviewer_of_the_finding_department(
        client):
    uscc = await register(client)
    record_id = await add_general(client, uscc, days_ago(200))
    refused = await client.post("/v1/repairs", json=application(record_id), headers=NO_ROLE)
    assert refused.status_code == 403 and "'officer'" in refused.json()["detail"]
    repair = (await client.post("/v1/repairs", json=application(record_id),
                                headers=YJGL)).json()
    url = f"/v1/repairs/{repair['id']}:decide"

    officer = await client.post(url, json={"approve": True}, headers=SCJG)
    foreign = await client.post(url, json={"approve": True}, headers=YJGL_REVIEWER)

    assert officer.status_code == 403 and "'reviewer'" in officer.json()["detail"]
    assert foreign.status_code == 403
    assert foreign.json()["type"].endswith("/not-your-department")
    unchanged = (await client.get(f"/v1/repairs/{repair['id']}", headers=YJGL)).json()
    assert (unchanged["status"], unchanged["decided_on"]) == ("pending", None)
    (record,) = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert record["status"] == "active"
    assert await events(client.app, "credit.record.repaired.v1", uscc) == []
    assert await events(client.app, "credit.repair.rejected.v1", uscc) == []
