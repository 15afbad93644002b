"""The intake benchmark's floor replays exactly the database work of the filings made
(SQLite only by construction: it is raw ``sqlite3``)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

from bench.intake_floor import database_floor
from shared.migrations import upgrade
from tests.integration.complaint_intake.conftest import (
    context_of,
    file,
    filing,
    make_app,
    serving,
)

TABLES = {"complaints": "id", "reporter_identities": "complaint_id",
          "handling_steps": "complaint_id", "audit_log": "subject", "outbox": "key"}


def _rows_of(path: Path, complaints: set[str]) -> dict[str, list[tuple]]:
    """Each table's rows belonging to ``complaints``."""
    db = sqlite3.connect(path)
    try:
        found = {}
        for table, column in TABLES.items():
            cursor = db.execute(f"SELECT * FROM {table}")
            at = [d[0] for d in cursor.description].index(column)
            found[table] = sorted(row for row in cursor if row[at] in complaints)
        return found
    finally:
        db.close()


async def test_the_floor_replays_the_runs_rows_on_the_database_as_it_was(tmp_path) -> None:  # type: ignore[no-untyped-def]
    filed_db, before_db = tmp_path / "filed.db", tmp_path / "before.db"
    await asyncio.to_thread(upgrade, "complaint_intake", f"sqlite+aiosqlite:///{filed_db}")
    shutil.copyfile(filed_db, before_db)
    app = make_app(f"sqlite+aiosqlite:///{filed_db}")
    async with serving(app) as client:
        answers = [await file(client, filing(reporter={"name": "王五", "phone": "13912345678"})),
                   await file(client, filing()), await file(client, filing())]
    complaints = {answer["complaint_id"] for answer in answers}
    filed = _rows_of(filed_db, complaints)
    assert all(filed[table] for table in TABLES)  # every table has rows to replay
    assert not any(_rows_of(before_db, complaints).values())

    floor = await asyncio.to_thread(database_floor, filed_db, before_db, 2, 2,
                                    context_of(app).rules)

    assert floor.accept_us > 0 and floor.process_us > 0
    assert _rows_of(before_db, complaints) == filed
