"""Clues from other services' events (线索互联, CT-1): a complaint handed on and an
inspection violation become one clue each, however often the event comes."""

from __future__ import annotations

from datetime import date

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from services.case_transfer.consumers import consumers
from services.case_transfer.models import Case
from shared.contracts import Envelope
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import ResultCategory, ViolationFound
from tests.integration.case_transfer.conftest import (
    SCJG,
    STHJ,
    WSJK,
    context_of,
    events,
    make_app,
    serving,
)
from tests.integration.case_transfer.flows import call, fresh_uscc
from tests.integration.conftest import wait_until


def envelope(payload, source: str) -> Envelope:  # type: ignore[no-untyped-def]
    spec = type(payload).__event_spec__
    return Envelope(source=source, type=spec.type, subject=payload.uscc,
                    data=payload.model_dump(mode="json"))


def complaint(finding_for: str | None, uscc: str | None = None,
              complaint_id: str | None = None) -> ComplaintSubstantiated:
    return ComplaintSubstantiated(
        complaint_id=complaint_id or f"CP-{fresh_uscc()[-8:]}", uscc=uscc or fresh_uscc(),
        category="food_safety", handling_department="SCJG",
        substantiated_on=date(2026, 11, 20), severity="serious", finding_for=finding_for)


def violation(uscc: str) -> ViolationFound:
    return ViolationFound(result_id=f"R-{uscc[-8:]}", visit_id="V-2026-000777", uscc=uscc,
                          matter="STHJ-001", department="STHJ",
                          result_category=ResultCategory.PENDING_FOLLOW_UP,
                          severity="general", recorded_on=date(2026, 11, 19))


async def deliver(app, message: Envelope) -> None:  # type: ignore[no-untyped-def]
    """The consumer function as the runner calls it (inbox aside)."""
    handler = consumers.bind(context_of(app)).handlers[message.name]
    async with app.state.db.unit_of_work() as uow:
        await handler(uow, message)


async def clues_about(app, uscc: str) -> list[Case]:  # type: ignore[no-untyped-def]
    async with app.state.db.reader() as session:
        return list((await session.scalars(select(Case).where(Case.uscc == uscc))).all())


async def test_a_complaint_for_the_police_is_a_suspected_crime_clue_of_its_handler(database):
    app = make_app(database)
    async with serving(app) as client:
        event = complaint("police")
        first = envelope(event, "/jianguan/complaint-intake")
        await deliver(app, first)
        await deliver(app, first)  # the same event again
        await deliver(app, envelope(event, "/jianguan/complaint-intake"))  # re-sent, new id
        [clue] = await clues_about(app, event.uscc)
        assert (clue.kind, clue.department, clue.suspected_crime, clue.source_ref) == \
            ("clue", "SCJG", True, event.complaint_id)
        seen = await call(client, "GET", f"/v1/cases/{clue.id}", SCJG)
        assert seen["source"] == "complaint" and seen["severity"] == "serious"
        [opened] = await events(app, "case.opened.v1", clue.id)
        assert opened["source"] == "complaint" and opened["suspected_crime"] is True


async def test_a_complaint_for_another_department_arrives_there_as_a_transfer(database):
    app = make_app(database)
    async with serving(app) as client:
        event = complaint("WSJK")
        await deliver(app, envelope(event, "/jianguan/complaint-intake"))
        [clue] = await clues_about(app, event.uscc)
        incoming = await call(client, "GET", "/v1/transfers?direction=incoming", WSJK)
        [transfer] = [t for t in incoming if t["case_id"] == clue.id]
        assert (transfer["from_department"], transfer["status"]) == ("SCJG", "pending")
        await call(client, "POST", f"/v1/transfers/{transfer['id']}/acceptance", WSJK)
        assert (await call(client, "GET", f"/v1/cases/{clue.id}", WSJK))["department"] == "WSJK"
        for handed_on_to in (None, "SCJG"):  # nothing to hand on
            quiet = complaint(handed_on_to)
            await deliver(app, envelope(quiet, "/jianguan/complaint-intake"))
            assert await clues_about(app, quiet.uscc) == []


async def test_an_inspection_violation_is_a_clue_of_the_inspecting_department(database):
    app = make_app(database)
    async with serving(app) as client:
        event = violation(fresh_uscc())
        once = envelope(event, "/jianguan/inspection-draw")
        await deliver(app, once)
        await deliver(app, once)
        [clue] = await clues_about(app, event.uscc)
        assert (clue.department, clue.source, clue.source_ref) == \
            ("STHJ", "inspection", event.result_id)
        assert "发现问题待后续处理" in (await call(client, "GET", f"/v1/cases/{clue.id}",
                                          STHJ))["title"]


async def test_events_from_the_broker_become_one_clue_each(database, broker):
    app = make_app(database, bootstrap=broker.bootstrap, consumers_enabled=True)
    handed_on, found = complaint("police"), violation(fresh_uscc())
    # after each duplicate, on the same key (so the same partition): another finding about
    # the same entity; once it has arrived, the duplicate before it was handled too
    later = [complaint("police", uscc=handed_on.uscc),
             found.model_copy(update={"result_id": found.result_id + "-2"})]
    first = [envelope(handed_on, "/jianguan/complaint-intake"),
             envelope(found, "/jianguan/inspection-draw")]
    sentinels = [envelope(later[0], "/jianguan/complaint-intake"),
                 envelope(later[1], "/jianguan/inspection-draw")]
    async with serving(app):
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for message in [*first, *first, *sentinels]:
                await producer.send_and_wait(message.name, message.to_json(),
                                             key=message.subject.encode())
        finally:
            await producer.stop()

        async def sentinels_arrived() -> bool:
            refs = {case.source_ref for uscc in (handed_on.uscc, found.uscc)
                    for case in await clues_about(app, uscc)}
            return {later[0].complaint_id, later[1].result_id} <= refs

        await wait_until(sentinels_arrived, timeout=60, what="the clues of the last events")
        assert len(await clues_about(app, handed_on.uscc)) == 2  # the first once, and the later one
        assert len(await clues_about(app, found.uscc)) == 2
