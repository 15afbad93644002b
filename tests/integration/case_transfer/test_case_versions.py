"""Every event of a case's status carries the case's version, one higher than the event
before, from the fast lane as from the slow path (issue 20.1): an integrator keeping a copy
of the case keeps the highest and ends on the case's latest status in any order."""

from __future__ import annotations

from sqlalchemy import select

from services.case_transfer.handlers import transfers
from services.case_transfer.handlers.commands import TransferOrder
from services.case_transfer.models import Case
from shared.auth import Caller
from shared.contracts import Envelope
from shared.platform_tables import outbox
from tests.integration.case_transfer.conftest import (
    GA,
    SCJG,
    STHJ,
    WSJK,
    WSJK_HEAD,
    context_of,
)
from tests.integration.case_transfer.flows import FOUR_DOCUMENTS, call, document, open_case

SCJG_CALLER = Caller("scjg-test", "SCJG", "370200", frozenset({"officer"}))
WSJK_OFFICERS = ["WSJK-370200-0031", "WSJK-370200-0032"]


async def case_events(app, case_id: str) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    """``(event, version)`` of every case.* event about the case, in the order written."""
    async with app.state.db.reader() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.topic.like("case.%")).order_by(outbox.c.id))).scalars().all()
    found = [Envelope.from_json(p) for p in payloads]
    return [(e.name, e.data.get("version")) for e in found if e.data.get("case_id") == case_id]


async def test_each_status_event_of_a_case_carries_the_next_version(client):
    app = client.app
    case = await open_case(client, SCJG)
    case_id = case["id"]
    lane = await call(client, "POST", f"/v1/cases/{case_id}/transfers", SCJG, 201,
                      to_department="STHJ", reasons="属生态环境部门职责")
    await call(client, "POST", f"/v1/transfers/{lane['id']}/return", STHJ,
               reason="不属于生态环境部门职责")
    ctx = context_of(app)
    async with ctx.database.unit_of_work() as uow:  # the slow path of a transfer
        slow = await transfers.transfer(ctx, uow, case_id, TransferOrder(
            to_department="WSJK", reasons="属卫生健康部门职责"), SCJG_CALLER, ctx.clock.now())
    await call(client, "POST", f"/v1/transfers/{slow.id}/acceptance", WSJK,
               investigators=WSJK_OFFICERS, note="接收")
    police = f"/v1/cases/{case_id}/police-transfer"
    await call(client, "POST", police, WSJK, 201, officers=WSJK_OFFICERS,
               grounds="销售明知是有毒有害的食品, 涉嫌生产、销售有毒、有害食品罪")
    await call(client, "POST", f"{police}/head-decision", WSJK_HEAD, approve=True)
    await call(client, "POST", f"{police}/delivery", WSJK,
               documents=[document(kind) for kind in FOUR_DOCUMENTS])
    await call(client, "POST", f"{police}/police-decision", GA, filed=True)
    await call(client, "POST", f"/v1/cases/{case_id}/conclusion", WSJK)

    announced = await case_events(app, case_id)
    assert [name for name, _ in announced] == [
        "case.opened.v1", "case.transferred.v1", "case.returned.v1", "case.transferred.v1",
        "case.accepted.v1", "case.police.transferred.v1", "case.police.decided.v1",
        "case.concluded.v1"]
    assert [version for _, version in announced] == list(range(1, len(announced) + 1))
    async with app.state.db.reader() as session:
        stored = await session.get(Case, case_id)
    assert stored is not None and stored.version == len(announced)
