"""A penalty record carries its kind, fine and ban (issue 14 item 2): entered through the
API or from a case conclusion, validated, stored and sent on in credit.record.added.v1,
whose publicity period public-notice sets by them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.credit_rating.handlers.incoming import record_case_conclusion
from shared.contracts.case import CaseConcluded, CaseDecision
from tests.clock import days_ago
from tests.integration.credit_rating.conftest import SCJG, YJGL, context_of, events, register

DECIDED = days_ago(5).isoformat()


def penalty(**details: object) -> dict[str, object]:
    return {"kind": "administrative_penalty", "severity": "general", "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条", "decided_on": DECIDED,
            **details}


async def test_a_penalty_with_its_kind_fine_and_ban_is_stored_and_announced(client):
    uscc = await register(client)
    ban = days_ago(-5 * 365).isoformat()
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json=penalty(
        penalty_kind="licence_action", fine_yuan="300000.5", ban_until=ban))
    assert answer.status_code == 201, answer.text
    assert (answer.json()["penalty_kind"], Decimal(answer.json()["fine_yuan"]),
            answer.json()["ban_until"]) == ("licence_action", Decimal("300000.50"), ban)

    [listed] = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert (listed["penalty_kind"], Decimal(listed["fine_yuan"]), listed["ban_until"]) == (
        "licence_action", Decimal("300000.5"), ban)
    [added] = await events(client.app, "credit.record.added.v1", uscc)
    assert (added["penalty_kind"], Decimal(added["fine_yuan"]), added["ban_until"]) == (
        "licence_action", Decimal("300000.5"), ban)


@pytest.mark.parametrize(("details", "field", "words"), [
    ({"fine_yuan": "20000"}, "body.penalty_kind", "names its kind"),
    ({"penalty_kind": "fine"}, "body", "gives fine_yuan"),
    ({"penalty_kind": "warning", "fine_yuan": "200"}, "body", "heaviest kind"),
    ({"penalty_kind": "fine", "fine_yuan": "200", "ban_until": "2030-01-01"}, "body",
     "for a ban"),
    ({"penalty_kind": "practice_restriction", "ban_until": DECIDED}, "body",
     "not after the decision"),
    ({"penalty_kind": "fine", "fine_yuan": "0"}, "body.fine_yuan", ""),
    ({"penalty_kind": "fine", "fine_yuan": "1000000000000"}, "body.fine_yuan", ""),
    ({"penalty_kind": "fine", "fine_yuan": "12.345"}, "body.fine_yuan", ""),
    ({"penalty_kind": "fine", "fine_yuan": "NaN"}, "body.fine_yuan", ""),
    ({"penalty_kind": "fine", "fine_yuan": True}, "body.fine_yuan", ""),
    ({"penalty_kind": "suspension"}, "body.penalty_kind", ""),
    ({"penalty_kind": "fine", "fine_yuan": "9", "ban_until": "2100-01-01"},
     "body.ban_until", ""),
])
async def test_penalty_details_that_do_not_fit_are_a_422_naming_them(client, details, field,
                                                                    words):
    uscc = await register(client)
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG,
                               json=penalty(**details))
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert errors[0]["field"] == field and words in errors[0]["message"], errors
    assert await events(client.app, "credit.record.added.v1", uscc) == []


async def test_only_a_penalty_record_carries_them(client):
    uscc = await register(client)
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        **penalty(penalty_kind="fine", fine_yuan="200"), "kind": "inspection_result"})
    assert answer.status_code == 422 and "only an administrative_penalty" in answer.text


async def test_a_concluded_case_brings_its_fine_to_the_record(client):
    uscc = await register(client)
    for decision, fine in ((CaseDecision.PENALTY, Decimal("20000.004")),
                           (CaseDecision.JUDICIAL_TRANSFER, Decimal("5000"))):
        concluded = CaseConcluded(
            case_id=f"CASE-{decision.value}", uscc=uscc, department="SCJG", decision=decision,
            severity="general", fine_yuan=fine, decided_on=days_ago(5),
            legal_basis="《中华人民共和国食品安全法》第一百二十四条")
        async with client.app.state.db.unit_of_work() as uow:
            await record_case_conclusion(context_of(client.app), uow, concluded,
                                         event_id=f"e-{decision.value}", actor="test/consumer")

    added = {a["kind"]: a for a in await events(client.app, "credit.record.added.v1", uscc)}
    penalty_added = added["administrative_penalty"]
    assert Decimal(penalty_added["fine_yuan"]) == Decimal("20000.00")
    assert penalty_added["penalty_kind"] is None  # the event does not say the kind
    assert added["judicial_transfer"]["fine_yuan"] is None  # a transfer fines nobody
    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert sorted(str(r["fine_yuan"]) for r in records) == ["20000.00", "None"]
