"""A notice's events carry its version, one higher with each (issue 20.1): an integrator
keeping a copy keeps the highest and ends on the notice's latest state in any order."""

from __future__ import annotations

from decimal import Decimal

from services.public_notice.models import Notice
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.credit_repair import RecordRepaired
from tests.clock import TODAY, days_ago
from tests.integration.public_notice.conftest import (
    context_of,
    events,
    notices_of,
    penalty,
    register,
    send,
)


async def test_publication_completion_and_withdrawal_carry_growing_versions(app):
    uscc = await register(app)
    await send(app, CaseConcluded(  # the case's half publishes the notice
        case_id=f"青市监罚〔2026〕{uscc[-4:]}号", uscc=uscc, department="SCJG",
        decision=CaseDecision.PENALTY, severity="general", fine_yuan=Decimal("20000"),
        decided_on=days_ago(2), legal_basis="《中华人民共和国食品安全法》第一百二十四条"), "case")
    record = penalty(uscc, kind="fine", fine="20000")
    await send(app, record)  # credit-rating's record of it completes the notice
    await send(app, RecordRepaired(record_id=record.record_id, uscc=uscc, department="SCJG",
                                   repair_id="RP-20", repaired_on=TODAY))

    [notice] = await notices_of(app, uscc)
    published = await events(app, "notice.published.v1", notice.id)
    withdrawn = await events(app, "notice.withdrawn.v1", notice.id)
    assert [e["version"] for e in published] == [1, 2]
    assert published[-1]["decision_basis"] and [e["version"] for e in withdrawn] == [3]
    async with context_of(app).database.reader() as session:
        stored = await session.get(Notice, notice.id)
    assert stored is not None and (stored.status, stored.version) == ("withdrawn", 3)
