"""Case conclusions and inspection results that find a problem become credit records
(CR-2, CT-, IN-7), each event once; the rest leave no record. Handler level: the broker
path is exercised in ``test_consumers``."""

from __future__ import annotations

from datetime import timedelta

from services.credit_rating.handlers.incoming import (
    record_case_conclusion,
    record_inspection_result,
)
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.inspection import InspectionResultRecorded, ResultCategory
from tests.clock import days_ago
from tests.integration.credit_rating.conftest import YJGL, context_of, register

RECENTLY = days_ago(5)


async def _deliver(app, handler, event, event_id: str) -> None:  # type: ignore[no-untyped-def]
    async with app.state.db.unit_of_work() as uow:
        await handler(context_of(app), uow, event, event_id=event_id, actor="test/consumer")


def _case(uscc: str, decision: CaseDecision, **changes) -> CaseConcluded:  # type: ignore[no-untyped-def]
    return CaseConcluded(**{
        "case_id": f"CASE-{decision.value}", "uscc": uscc, "department": "SCJG",
        "decision": decision, "severity": "general", "decided_on": RECENTLY,
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条", **changes})


async def test_case_decisions_become_records_of_their_kind_once(client):
    uscc = await register(client)
    for n, decision in enumerate(CaseDecision):
        for _ in range(2):  # each event twice
            await _deliver(client.app, record_case_conclusion, _case(uscc, decision), f"e-{n}")
    exempt = await register(client)
    await _deliver(client.app, record_case_conclusion, _case(
        exempt, CaseDecision.PENALTY, severity="minor", violation_code="MF-003"), "e-mf")

    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert sorted(r["kind"] for r in records) == ["administrative_penalty",
                                                  "judicial_transfer"]
    assert {r["department"] for r in records} == {"SCJG"}
    [first] = (await client.get(f"/v1/entities/{exempt}/records", headers=YJGL)).json()
    assert first["status"] == "exempted"  # a first violation on the 免罚清单


async def test_an_inspection_result_makes_a_record_only_when_it_finds_a_problem(client):
    uscc = await register(client)

    def result(category: ResultCategory, severity: str | None) -> InspectionResultRecorded:
        return InspectionResultRecorded(
            result_id=f"R-{category.value}", visit_id="V-9", uscc=uscc, matter="SCJG-001",
            department="SCJG", result_category=category, recorded_on=RECENTLY,
            severity=severity)

    await _deliver(client.app, record_inspection_result,
                   result(ResultCategory.NO_PROBLEM_FOUND, None), "r-1")
    for _ in range(2):
        await _deliver(client.app, record_inspection_result,
                       result(ResultCategory.FALSE_DISCLOSURE, "general"), "r-2")

    [found] = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert (found["kind"], found["severity"]) == ("inspection_result", "general")
    assert "SCJG-001" in found["legal_basis"] and "V-9" in found["legal_basis"]
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert grade["grade"] != "A"


async def test_an_entity_unreachable_at_its_address_goes_on_the_abnormal_list_once(client):
    uscc = await register(client)
    unreachable = InspectionResultRecorded(
        result_id="R-gone", visit_id="V-7", uscc=uscc, matter="SCJG-001", department="SCJG",
        result_category=ResultCategory.UNREACHABLE_AT_ADDRESS, recorded_on=RECENTLY,
        severity="general")
    for _ in range(2):
        await _deliver(client.app, record_inspection_result, unreachable, "r-gone")

    [listing] = (await client.get(f"/v1/entities/{uscc}/abnormal-listings",
                                  headers=YJGL)).json()
    assert (listing["department"], listing["listed_on"]) == ("SCJG", RECENTLY.isoformat())
    assert "无法联系" in listing["reason"] and "V-7" in listing["reason"]
    [record] = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert record["kind"] == "inspection_result"  # the finding is a credit record as well


async def test_a_case_closed_without_penalty_uses_up_the_first_violation(client):
    uscc = await register(client)
    spared = _case(uscc, CaseDecision.NO_PENALTY, severity="minor", violation_code="MF-003",
                   decided_on=RECENTLY - timedelta(days=30), case_id="CASE-first")
    again = _case(uscc, CaseDecision.PENALTY, severity="minor", violation_code="MF-003",
                  case_id="CASE-again")
    off_list = _case(uscc, CaseDecision.NO_PENALTY, severity="minor", violation_code="XX-999",
                     case_id="CASE-off")  # 不予处罚 for another reason: no credit record
    for event_id, event in (("e-spared", spared), ("e-spared", spared), ("e-again", again),
                            ("e-off", off_list)):
        await _deliver(client.app, record_case_conclusion, event, event_id)

    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert [(r["kind"], r["status"], r["violation_code"]) for r in records] == [
        ("administrative_penalty", "active", "MF-003"),  # the second one counts
        ("administrative_penalty", "exempted", "MF-003")]
    assert "MF-003" in records[1]["exempt_reason"] and records[1]["published"] is False
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert grade["grade"] == "B"

