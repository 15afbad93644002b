"""Idempotent inbox (收件箱): one ``(consumer, event id)`` row per processed event.

The row is inserted in the same transaction as the event's effect, under a unique
key, so the same event delivered twice has one effect.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.contracts import Envelope
from shared.platform_tables import inbox


async def first_delivery(session: AsyncSession, consumer: str, event: Envelope) -> bool:
    """Record ``event`` as processed by ``consumer``; False if it already was."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(inbox)
        .values(
            consumer=consumer,
            event_id=event.id,
            event_type=event.type,
            processed_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
    )
    result = await session.execute(stmt)
    return result.rowcount == 1


async def first_deliveries(
    session: AsyncSession, consumer: str, events: list[Envelope]
) -> set[str]:
    """Record many events at once; returns the ids seen for the first time."""
    if not events:
        return set()
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    now = datetime.now(UTC)
    stmt = (
        insert(inbox)
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
        .returning(inbox.c.event_id)
    )
    rows = [
        {"consumer": consumer, "event_id": e.id, "event_type": e.type, "processed_at": now}
        for e in events
    ]
    return set((await session.execute(stmt, rows)).scalars())
