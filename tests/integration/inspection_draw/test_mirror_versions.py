"""The roster mirror ends in credit-rating's state whatever the order its events arrive in
(issue 20.1): an older registry, grade or blacklist event than the one applied (a replay
after a broker loss) is recorded as seen and changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from services.inspection_draw.consumers import consumers
from services.inspection_draw.models import InspectionObject
from shared.messaging.relay import send_rows
from shared.platform_tables import inbox, outbox
from tests.integration.conftest import backend_params, wait_until
from tests.integration.credit_history import (
    ProducerState,
    credit_app,
    credit_history,
    deliver,
    make_history,
    orders,
    outbox_envelopes,
    producer_state,
)
from tests.integration.inspection_draw.conftest import make_app
from tests.integration.service_kit import migrated_database, serving

Roster = dict[str, tuple[Any, ...]]


@pytest.fixture(scope="module", params=backend_params())
def backend(request) -> str:  # type: ignore[no-untyped-def]
    return str(request.param)


def expected(state: ProducerState) -> Roster:
    """The roster rows credit-rating's state makes (registry, grade, blacklisting)."""
    return {uscc: (entity["region"], entity["industry"], True, *state.grades[uscc][:2],
                   state.blacklisted.get(uscc, False))
            for uscc, entity in state.entities.items()}


async def roster(app, usccs: list[str]) -> Roster:  # type: ignore[no-untyped-def]
    async with app.state.db.reader() as session:
        rows = (await session.scalars(
            select(InspectionObject).where(InspectionObject.uscc.in_(usccs)))).all()
    return {row.uscc: (row.region, row.industry, row.registered, row.grade,
                       row.no_penalty_3y, row.blacklisted) for row in rows}


async def test_the_roster_ends_as_credit_rating_left_it_in_any_order(backend,
                                                                     tmp_path_factory):
    async with migrated_database("credit_rating", backend, tmp_path_factory) as url:
        history = await credit_history(url)
    events, want = history.of(consumers), expected(history.state)
    ended: dict[str, Roster] = {}
    for order, delivered in orders(events).items():
        async with migrated_database("inspection_draw", backend, tmp_path_factory) as url:
            app = make_app(url)
            ctx = app.state.context
            await deliver(consumers, ctx, ctx.database.unit_of_work, delivered,
                          batch=1 if order == "in order" else 3)
            ended[order] = await roster(app, history.usccs)
            await ctx.database.dispose()
    assert {order: copy for order, copy in ended.items() if copy != want} == {}, want


@pytest.fixture
async def databases(backend, tmp_path_factory) -> AsyncIterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    async with migrated_database("credit_rating", backend, tmp_path_factory) as credit, \
            migrated_database("inspection_draw", backend, tmp_path_factory) as draw:
        yield credit, draw


async def test_through_the_broker_a_replay_after_a_loss_leaves_the_roster_current(
        databases, broker):  # type: ignore[no-untyped-def]
    """credit-rating's events reach inspection-draw through the real broker after a loss:
    the newer ones arrived first (the older ones went with the broker), then credit-rating's
    relay publishes the whole range again in order (a replay): the older events the roster
    had not seen arrive last, and it still ends as credit-rating left it."""
    credit_url, draw_url = databases
    producer = credit_app(credit_url)
    async with serving(producer, base_url="http://credit.test") as client:
        usccs = await make_history(client)
    state, written = await producer_state(producer, usccs), await outbox_envelopes(producer)
    async with producer.state.db.reader() as session:
        rows = (await session.execute(select(outbox).order_by(outbox.c.id))).all()
    await producer.state.context.database.dispose()
    newer = rows[len(rows) // 2:]

    draw = make_app(draw_url, broker.bootstrap, consumers_enabled=True)
    async with serving(draw, base_url="http://draw.test"):
        kafka = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await kafka.start()
        try:
            assert not any(await send_rows(kafka, newer))
        finally:
            await kafka.stop()
        wanted = {e.id for e in written if e.name in consumers.consumed}
        await wait_until(lambda: _seen(draw, {r.event_id for r in newer} & wanted),
                         what="the newer half to reach the roster")
        relay = credit_app(credit_url, broker.bootstrap, relay_enabled=True)
        async with serving(relay, base_url="http://credit.test"):
            await wait_until(lambda: _seen(draw, wanted), what="the replay to be consumed")
        current = await roster(draw, usccs)
    assert current == expected(state)


async def _seen(app, ids: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether the roster's consumer has processed every event of ``ids``."""
    async with app.state.db.reader() as session:
        count = (await session.execute(select(func.count()).select_from(inbox).where(
            inbox.c.consumer == consumers.group, inbox.c.event_id.in_(ids)))).scalar_one()
    return count == len(ids)
