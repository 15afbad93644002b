"""Credit commitments (信用承诺, CR-4): registered, found false (by a department or an
inspection event), kept."""

from __future__ import annotations

from datetime import timedelta

from aiokafka import AIOKafkaProducer

from shared.contracts import Envelope
from shared.contracts.inspection import CommitmentFalse
from tests.clock import TODAY, days_ago
from tests.integration.conftest import wait_until
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    SCJG,
    YJGL,
    context_of,
    events,
    make_app,
    register,
    serving,
    token,
)

XZSP = token("XZSP", "officer")
SIGNED = days_ago(30).isoformat()
FOUND = days_ago(2).isoformat()


def commitment(uscc: str, kind: str = "approval_substitute", **changes: object) -> dict:
    return {"uscc": uscc, "kind": kind, "department": "XZSP", "matter": "XZSP-003",
            "decision_ref": "青审批〔2026〕118号", "made_on": SIGNED,
            "content": "本单位承诺所提交材料真实有效, 如有不实愿承担相应责任", **changes}


async def test_a_false_commitment_adds_a_record_and_asks_the_approver_to_revoke(client):
    uscc = await register(client)
    made = await client.post("/v1/commitments", json=commitment(uscc), headers=XZSP)
    assert made.status_code == 201, made.text
    commitment_id = made.json()["id"]
    assert made.json()["status"] == "active"
    (registered,) = await events(client.app, "credit.commitment.registered.v1", uscc)
    assert (registered["commitment_id"], registered["kind"], registered["department"]) == (
        commitment_id, "approval_substitute", "XZSP")
    assert registered["content"] == made.json()["content"]  # public text (PN-3)

    breach = await client.post(f"/v1/commitments/{commitment_id}:breach",
                               json={"found_on": FOUND, "finding": "现场核查: 经营场所与承诺不符"},
                               headers=XZSP)

    assert breach.status_code == 200, breach.text
    body = breach.json()
    assert (body["status"], body["settled_by"]) == ("breached", "XZSP")
    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert [(r["id"], r["kind"], r["severity"], r["department"]) for r in records] == [
        (body["record_id"], "broken_commitment", "general", "XZSP")]
    (announced,) = await events(client.app, "credit.commitment.breached.v1", uscc)
    assert announced["commitment_id"] == commitment_id
    assert (announced["department"], announced["decision_ref"]) == ("XZSP", "青审批〔2026〕118号")
    assert announced["revoke_decision"] is True and announced["record_id"] == body["record_id"]
    grades = await events(client.app, "credit.grade.changed.v1", uscc)
    assert grades[-1]["new_grade"] == "C"

    again = await client.post(f"/v1/commitments/{commitment_id}:breach",
                              json={"found_on": FOUND, "finding": "再次核查"}, headers=XZSP)
    assert again.status_code == 409 and "already breached" in again.json()["detail"]
    assert len(await events(client.app, "credit.commitment.breached.v1", uscc)) == 1
    read = await client.get(f"/v1/commitments/{commitment_id}", headers=YJGL)
    assert read.json()["record_id"] == body["record_id"]


async def test_a_kept_commitment_is_a_positive_record_of_the_department_it_was_made_to(
        client):
    uscc = await register(client)
    made = (await client.post("/v1/commitments", json=commitment(uscc, "industry_self_discipline"),
                              headers=XZSP)).json()

    foreign = await client.post(f"/v1/commitments/{made['id']}:keep",
                                json={"kept_on": FOUND}, headers=SCJG)
    kept = await client.post(f"/v1/commitments/{made['id']}:keep",
                             json={"kept_on": FOUND, "note": "年度核查履约"}, headers=XZSP)

    assert foreign.status_code == 403 and "XZSP" in foreign.json()["detail"]
    assert kept.status_code == 200 and kept.json()["status"] == "kept"
    added = await events(client.app, "credit.record.added.v1", uscc)
    assert [(a["kind"], a["department"]) for a in added] == [("kept_commitment", "XZSP")]
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=SCJG)).json()
    assert grade["grade"] == "A"
    assert any(kept.json()["record_id"] in f["record_ids"] and f["points"] > 0
               for f in grade["factors"])
    assert await events(client.app, "credit.commitment.breached.v1", uscc) == []
    (announced,) = await events(client.app, "credit.commitment.kept.v1", uscc)
    assert (announced["commitment_id"], announced["department"], announced["record_id"],
            announced["kept_on"]) == (made["id"], "XZSP", kept.json()["record_id"], FOUND)


async def test_commitments_are_listed_per_entity_and_bad_ones_refused(client):
    uscc = await register(client)
    kinds = ["approval_substitute", "public_disclosure", "industry_self_discipline",
             "credit_repair"]
    for kind in kinds:
        made = await client.post("/v1/commitments", json=commitment(uscc, kind), headers=XZSP)
        assert made.status_code == 201, made.text

    listed = await client.get(f"/v1/entities/{uscc}/commitments", headers=YJGL)
    unknown_kind = await client.post("/v1/commitments", json=commitment(uscc, "promise"),
                                     headers=XZSP)
    foreign = await client.post("/v1/commitments", json=commitment(uscc), headers=SCJG)
    missing = await client.get("/v1/commitments/no-such-id", headers=YJGL)

    assert sorted(c["kind"] for c in listed.json()) == sorted(kinds)
    assert unknown_kind.status_code == 422 and "'credit_repair'" in unknown_kind.json()["detail"]
    assert foreign.status_code == 403 and "XZSP" in foreign.json()["detail"]
    assert missing.status_code == 404 and "commitments" in missing.json()["detail"]
    after = await client.get(f"/v1/entities/{uscc}/commitments", headers=YJGL)
    assert len(after.json()) == len(kinds), "a refused registration was stored"


async def test_an_inspection_event_breaches_the_commitment_for_its_matter_once(database,
                                                                             broker):
    app = make_app(database, broker.bootstrap, consumers_enabled=True)
    async with serving(app) as client:
        uscc = await register(client)
        made = (await client.post("/v1/commitments", json=commitment(uscc),
                                  headers=XZSP)).json()
        other_matter = (await client.post("/v1/commitments", headers=XZSP,
                                          json=commitment(uscc, matter="XZSP-009"))).json()
        def finding(matter: str, visit: str) -> Envelope:
            found = CommitmentFalse(result_id=f"R-{visit}", visit_id=visit, uscc=uscc,
                                    matter=matter, department="SCJG",
                                    recorded_on=days_ago(1))
            return Envelope(source="/jianguan/inspection-draw", subject=uscc,
                            type=found.__event_spec__.type,  # type: ignore[attr-defined]
                            data=found.model_dump(mode="json"))

        twice, barrier = finding("XZSP-003", "V-77"), finding("XZSP-009", "V-78")
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for event in (twice, twice, barrier):  # one key, one partition, in order
                await producer.send_and_wait("inspection.commitment.false.v1",
                                             event.to_json(), key=uscc.encode())
        finally:
            await producer.stop()

        async def barrier_consumed() -> bool:
            found = await client.get(f"/v1/commitments/{other_matter['id']}", headers=YJGL)
            return found.json()["status"] == "breached"

        await wait_until(barrier_consumed, timeout=30, what="the findings to be consumed")
        read = (await client.get(f"/v1/commitments/{made['id']}", headers=YJGL)).json()
        assert (read["status"], read["settled_by"]) == ("breached", "SCJG")
        breaches = await events(app, "credit.commitment.breached.v1", uscc)
        assert [b["commitment_id"] for b in breaches] == [made["id"], other_matter["id"]]
        records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
        assert [r["kind"] for r in records] == ["broken_commitment"] * 2
        assert {read["record_id"]} == {r["id"] for r in records if "V-77" in r["legal_basis"]}


async def test_a_finding_that_names_its_commitment_breaches_that_one(client):
    from services.credit_rating.handlers.incoming import record_false_commitment

    uscc = await register(client)
    named = (await client.post("/v1/commitments", json=commitment(uscc),
                               headers=XZSP)).json()
    newer = (await client.post("/v1/commitments", headers=XZSP, json=commitment(
        uscc, made_on=TODAY.isoformat()))).json()
    finding = CommitmentFalse(result_id="R-90", visit_id="V-90", uscc=uscc,
                              matter=named["matter"], department="SCJG",
                              recorded_on=TODAY, commitment_id=named["id"])
    app = client.app
    async with app.state.db.unit_of_work() as uow:
        await record_false_commitment(context_of(app), uow, finding, event_id="evt-named-90",
                                      actor="test")

    statuses = {c["id"]: c["status"] for c in (await client.get(
        f"/v1/entities/{uscc}/commitments", headers=YJGL)).json()}
    assert statuses == {named["id"]: "breached", newer["id"]: "active"}


async def test_a_breach_or_keep_dated_in_the_future_is_a_422_naming_the_day(client):
    uscc = await register(client)
    made = (await client.post("/v1/commitments", json=commitment(uscc), headers=XZSP)).json()
    later = (TODAY + timedelta(days=2)).isoformat()

    breach = await client.post(f"/v1/commitments/{made['id']}:breach", headers=XZSP,
                               json={"found_on": later, "finding": "现场核查: 经营场所与承诺不符"})
    keep = await client.post(f"/v1/commitments/{made['id']}:keep", headers=XZSP,
                             json={"kept_on": later})

    for answer, field in ((breach, "body.found_on"), (keep, "body.kept_on")):
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == field
        assert "after today" in answer.json()["detail"]
    read = (await client.get(f"/v1/commitments/{made['id']}", headers=YJGL)).json()
    assert read["status"] == "active"
    assert (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json() == []


async def test_only_the_department_a_commitment_was_made_to_settles_it(client):
    uscc = await register(client)
    roleless = await client.post("/v1/commitments", json=commitment(uscc), headers=NO_ROLE)
    assert roleless.status_code == 403 and "'officer'" in roleless.json()["detail"]
    made = (await client.post("/v1/commitments", json=commitment(uscc), headers=XZSP)).json()

    found = {"found_on": FOUND, "finding": "现场核查: 经营场所与承诺不符"}
    foreign = await client.post(f"/v1/commitments/{made['id']}:breach", json=found,
                                headers=SCJG)
    unroled = await client.post(f"/v1/commitments/{made['id']}:breach", json=found,
                                headers=token("XZSP"))

    assert foreign.status_code == 403 and "XZSP" in foreign.json()["detail"]
    assert foreign.json()["type"].endswith("/not-your-department")
    assert unroled.status_code == 403 and "'officer'" in unroled.json()["detail"]
    read = (await client.get(f"/v1/commitments/{made['id']}", headers=YJGL)).json()
    assert (read["status"], read["record_id"]) == ("active", None)
    assert (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json() == []
    assert await events(client.app, "credit.commitment.breached.v1", uscc) == []
