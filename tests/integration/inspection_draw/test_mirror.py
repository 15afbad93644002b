"""The object roster mirror kept from credit-rating's events through the real broker."""

from __future__ import annotations

from datetime import date

from aiokafka import AIOKafkaProducer

from services.inspection_draw.models import InspectionObject
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.contracts.credit_lists import BlacklistChanged
from tests.integration.conftest import wait_until
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    fresh_usccs,
    inspectors,
    make_app,
    published_task,
    serving,
)


def envelope(payload) -> Envelope:  # type: ignore[no-untyped-def]
    spec = type(payload).__event_spec__
    return Envelope(source="/jianguan/credit-rating", type=spec.type, subject=payload.uscc,
                    data=payload.model_dump(mode="json"))


async def test_credit_events_keep_the_mirror_the_draw_reads(database, broker):  # type: ignore[no-untyped-def]
    app = make_app(database, broker.bootstrap, consumers_enabled=True)
    now = app.state.context.clock.now()
    usccs = fresh_usccs(4)
    region = "370281"
    sent = []
    for uscc, grade in zip(usccs, "ABCD", strict=True):
        sent.append(envelope(GradeChanged(  # before the registry event: kept, not drawn yet
            uscc=uscc, old_grade=None, new_grade=grade, score=70.0, rule_version="2026.1",
            no_penalty_3y=grade == "B", changed_at=now)))
        sent.append(envelope(EntityUpserted(
            uscc=uscc, name="青岛镜像测试有限公司", region=region, industry="C1391",
            established_on=date(2018, 1, 1), new_economy=False)))
    sent.append(envelope(BlacklistChanged(
        uscc=usccs[3], listed=True, reason="严重失信", record_ids=["r1"], measures=[],
        legal_representative_hash=None, changed_at=now)))
    async with serving(app) as client:
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for event in sent:
                topic = event.type.removeprefix("cn.gov.jianguan.")
                await producer.send_and_wait(topic, event.to_json(), key=event.subject.encode())
        finally:
            await producer.stop()

        async def mirrored() -> bool:
            async with app.state.db.reader() as session:
                rows = [await session.get(InspectionObject, u) for u in usccs]
            return all(r is not None and r.registered and r.grade for r in rows) and \
                rows[3].blacklisted

        await wait_until(mirrored, timeout=30, what="the credit events to reach the mirror")
        await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
        task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
        draw = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
        assert draw.status_code == 201, draw.text
        strata = {(s["grade"], s["risk"], s["no_penalty_3y"]) for s in draw.json()["strata"]}
        assert strata == {("B", "", True), ("C", "", False), ("D", "high", False)}
