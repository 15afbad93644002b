"""Idempotent inbox (收件箱): one ``(consumer, event id)`` row per processed event.

The row is inserted in the same transaction as the event's effect, under a unique
key, so the same event delivered twice has one effect.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bulk_rows import stored_values
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


# SQLite reads the batch from one JSON array (what SQLAlchemy's executemany with
# RETURNING cost was ~5% of a consumer's batch: a parameter dict per event); the WHERE
# keeps ON CONFLICT from being read as part of the SELECT (SQLite's upsert rule)
_SQLITE_FIRST = (
    "INSERT INTO inbox (consumer, event_id, event_type, processed_at) "
    "SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? "
    "FROM json_each(?) WHERE true "
    "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id")


async def first_deliveries(
    session: AsyncSession, consumer: str, events: list[Envelope]
) -> set[str]:
    """Record many events at once; returns the ids seen for the first time."""
    if not events:
        return set()
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    now = datetime.now(UTC)
    if dialect == "sqlite":  # one statement with the batch as one JSON array
        [stamp] = await stored_values(session, inbox, ("processed_at",), (now,))
        ids = json.dumps([[e.id, e.type] for e in events], ensure_ascii=False)
        found = await (await session.connection()).exec_driver_sql(
            _SQLITE_FIRST, (consumer, stamp, ids))
        return {row[0] for row in found.fetchall()}
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
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
