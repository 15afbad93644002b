"""A bulk import's events made ahead (``NewEntityEvents``, while the batch before commits)
are the events the batch's save would make itself; a batch with an entity already stored
makes its own (its version is not 1)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from services.credit_rating.handlers.registration_lines import plain_registration
from services.credit_rating.handlers.steps.registry_rows import (
    NewEntityEvents,
    save_registrations,
)
from shared.platform_tables import outbox
from tests.integration.credit_rating.conftest import fresh_uscc, make_context, registration

PREFIX = "cn.gov.jianguan.credit."


def values(uscc: str, **changes: Any) -> dict[str, Any]:
    made = plain_registration(registration(uscc, name="青岛同名企业有限公司", **changes))
    assert made is not None
    return made


async def save(ctx, batch: list[dict[str, Any]], *, ahead: bool) -> None:  # type: ignore[no-untyped-def]
    async with ctx.database.unit_of_work() as uow:
        await save_registrations(ctx, uow, batch, actor="test", as_of=ctx.clock.today(),
                                 made=NewEntityEvents.of(batch) if ahead else None)


async def announced(ctx, usccs: list[str]) -> list[tuple[str, str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """(event type, key's index, envelope without id and times, the USCC as "U") of the
    events keyed by ``usccs``, in the outbox's order; ids checked distinct."""
    async with ctx.database.reader() as session:
        rows = (await session.execute(
            select(outbox.c.event_id, outbox.c.event_type, outbox.c.key, outbox.c.payload)
            .where(outbox.c.key.in_(usccs)).order_by(outbox.c.id))).all()
    assert len({row.event_id for row in rows}) == len(rows)
    found = []
    for row in rows:
        envelope = json.loads(row.payload)
        assert envelope.pop("id") == row.event_id
        envelope.pop("time")
        envelope["data"].pop("changed_at", None)  # a grade's time
        text = json.dumps(envelope, ensure_ascii=False).replace(row.key, "U")
        found.append((row.event_type, str(usccs.index(row.key)), json.loads(text)))
    return found


async def test_events_made_ahead_are_the_events_the_save_makes(database):  # type: ignore[no-untyped-def]
    ctx = make_context(database)
    try:
        kinds = [{}, {"new_economy": True, "tolerance_until": "2027-12-31"},
                 {"registered_address": None, "established_on": "2024-02-29"}]
        ahead = [fresh_uscc() for _ in kinds]
        itself = [fresh_uscc() for _ in kinds]
        await save(ctx, [values(u, **k) for u, k in zip(ahead, kinds, strict=True)],
                   ahead=True)
        await save(ctx, [values(u, **k) for u, k in zip(itself, kinds, strict=True)],
                   ahead=False)
        made, own = await announced(ctx, ahead), await announced(ctx, itself)
        assert len(made) == 2 * len(kinds)
        assert made == own
    finally:
        await ctx.database.dispose()


async def test_a_batch_with_a_stored_entity_makes_its_own_events(database):  # type: ignore[no-untyped-def]
    ctx = make_context(database)
    try:
        stored, new = fresh_uscc(), fresh_uscc()
        await save(ctx, [values(stored)], ahead=True)
        await save(ctx, [values(stored, region="370202"), values(new)], ahead=True)
        versions = {(event_type, key): envelope["data"]["version"]
                    for event_type, key, envelope in await announced(ctx, [stored, new])}
        assert versions == {(f"{PREFIX}entity.upserted.v1", "0"): 2,
                            (f"{PREFIX}grade.changed.v1", "0"): 1,
                            (f"{PREFIX}entity.upserted.v1", "1"): 1,
                            (f"{PREFIX}grade.changed.v1", "1"): 1}
    finally:
        await ctx.database.dispose()
