"""Records that arrive as events, through the real broker (CR-2, IN-7, CP-3)."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from services.credit_rating.models import CreditRecord
from shared.contracts import Envelope
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import InspectionResultRecorded, ResultCategory
from shared.messaging.operations import list_dead_letters
from tests.clock import days_ago
from tests.integration.conftest import wait_until
from tests.integration.credit_rating.conftest import (
    events,
    fresh_uscc,
    make_app,
    register,
    serving,
)

RECENTLY = days_ago(3)


def envelope(payload, source: str) -> Envelope:  # type: ignore[no-untyped-def]
    spec = type(payload).__event_spec__
    return Envelope(source=source, type=spec.type, subject=payload.uscc,
                    data=payload.model_dump(mode="json"))


def complaint(uscc: str, severity: str = "minor") -> ComplaintSubstantiated:
    return ComplaintSubstantiated(
        complaint_id=f"CP-{uuid.uuid4().hex[:8]}", uscc=uscc, category="food_safety",
        handling_department="SCJG", substantiated_on=RECENTLY, severity=severity)


async def test_the_same_event_twice_makes_one_record(database, broker):
    app = make_app(database, broker.bootstrap, consumers_enabled=True)
    async with serving(app) as client:
        uscc = await register(client)
        twice = envelope(complaint(uscc), "/jianguan/complaint-intake")
        no_problem = envelope(InspectionResultRecorded(
            result_id="R-1", visit_id="V-1", uscc=uscc, matter="SCJG-001", department="SCJG",
            result_category=ResultCategory.NO_PROBLEM_FOUND, recorded_on=RECENTLY),
            "/jianguan/inspection-draw")
        stranger = envelope(complaint(fresh_uscc()), "/jianguan/complaint-intake")
        barrier = envelope(complaint(uscc, "general"), "/jianguan/complaint-intake")

        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for event in (twice, twice, no_problem, stranger, barrier):  # one partition
                topic = event.type.removeprefix("cn.gov.jianguan.")
                await producer.send_and_wait(topic, event.to_json(), key=uscc.encode())
        finally:
            await producer.stop()

        async def records() -> list[CreditRecord]:
            async with app.state.db.reader() as session:
                found = await session.scalars(select(CreditRecord)
                                              .where(CreditRecord.uscc == uscc))
                return list(found)

        async def barrier_recorded() -> bool:
            return any(r.source_event_id == barrier.id for r in await records())

        await wait_until(barrier_recorded, timeout=30, what="the events to be consumed")
        # one key, one partition: the duplicate and the no-problem result came before it
        stored = await records()
        assert sorted((r.kind, r.source_event_id) for r in stored) == sorted(
            [("substantiated_complaint", twice.id), ("substantiated_complaint", barrier.id)])
        assert {r.department for r in stored} == {"SCJG"}
        grades = await events(app, "credit.grade.changed.v1", uscc)
        assert [g["new_grade"] for g in grades] == ["A", "B", "C"]
        # an entity the registry does not know: no stub, the event goes to the DLQ.
        # (Counted by event id: the other database variant's events share the topic.)
        letters = await list_dead_letters(broker.bootstrap, "complaint.substantiated.v1")
        ours = {Envelope.from_json(v.letter.value).id: v.letter for v in letters}
        assert stranger.id in ours and "no market entity" in ours[stranger.id].error
        assert not {twice.id, barrier.id} & set(ours), "a known entity's event was dead-lettered"
