"""One inspection finding, one record (issue 16.6): a visit that finds a commitment false
reports it twice (inspection.result.recorded.v1 and inspection.commitment.false.v1);
credit-rating makes one negative record of it, the same whichever event comes first."""

from __future__ import annotations

import pytest

from services.credit_rating.handlers.incoming import (
    record_false_commitment,
    record_inspection_result,
)
from shared.contracts.inspection import (
    CommitmentFalse,
    InspectionResultRecorded,
    ResultCategory,
)
from tests.clock import days_ago
from tests.integration.credit_rating.conftest import (
    YJGL,
    context_of,
    events,
    register,
    token,
)

XZSP = token("XZSP", "officer")


async def deliver(app, handler, event, event_id: str) -> None:  # type: ignore[no-untyped-def]
    async with app.state.db.unit_of_work() as uow:
        await handler(context_of(app), uow, event, event_id=event_id,
                      actor="inspection-draw")


@pytest.mark.parametrize("first", ["result", "commitment"])
async def test_a_false_commitment_found_by_inspection_makes_one_record(client, first):
    uscc = await register(client)
    made = await client.post("/v1/commitments", headers=XZSP, json={
        "uscc": uscc, "kind": "approval_substitute", "department": "XZSP",
        "matter": "XZSP-003", "made_on": days_ago(60).isoformat(),
        "content": "本单位承诺所提交材料真实有效, 如有不实愿承担相应责任"})
    assert made.status_code == 201, made.text
    common = {"result_id": f"R-{first}", "visit_id": f"V-{first}", "uscc": uscc,
              "department": "SCJG", "recorded_on": days_ago(5)}
    result = InspectionResultRecorded(
        **common, matter="SCJG-001", result_category=ResultCategory.FALSE_DISCLOSURE,
        severity="minor")
    false = CommitmentFalse(**common, matter="XZSP-003", commitment_id=made.json()["id"])
    deliveries = [(record_inspection_result, result, f"e-result-{first}"),
                  (record_false_commitment, false, f"e-false-{first}")]
    if first == "commitment":
        deliveries.reverse()
    for handler, event, event_id in deliveries * 2:  # each event twice, too
        await deliver(client.app, handler, event, event_id)

    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert len(records) == 1, [(r["kind"], r["severity"]) for r in records]
    [record] = records
    assert (record["kind"], record["severity"]) == ("broken_commitment", "minor")
    assert "承诺" in record["legal_basis"] and f"R-{first}" in record["legal_basis"]
    commitment = (await client.get(f"/v1/commitments/{made.json()['id']}",
                                   headers=YJGL)).json()
    assert (commitment["status"], commitment["record_id"]) == ("breached", record["id"])
    [breached] = await events(client.app, "credit.commitment.breached.v1", uscc)
    assert breached["record_id"] == record["id"] and breached["revoke_decision"] is True
    assert [a["record_id"] for a in await events(client.app, "credit.record.added.v1",
                                                  uscc)] == [record["id"]]
    [changed] = await events(client.app, "credit.record.changed.v1", uscc)
    assert (changed["record_id"], changed["kind"], changed["severity"]) == (
        record["id"], "broken_commitment", "minor")
