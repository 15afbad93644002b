"""Bulk import of the entity registry against raw ``sqlite3.executemany`` (goal ≥ 50%).

The import runs as ``jianguan import entities`` does (built from ``bootstrap.build``, a
CSV file, one unit of work per batch) on a fresh migrated SQLite database: it validates
each line, stores the entity, grades it and writes two outbox events
(``credit.entity.upserted.v1`` and its first ``credit.grade.changed.v1``) and an audit
entry per batch. The baseline, in the same run, inserts the same entity rows with one
``executemany`` into another fresh database. The figure also names the ratio against raw
``executemany`` of every row the import wrote (entities, grades, outbox, audit), which
isolates the cost of the machinery from the cost of the extra rows the events need.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from pathlib import Path

from services.credit_rating.bootstrap import build
from services.credit_rating.config import Settings
from services.credit_rating.handlers.bulk_import import import_entities
from shared.migrations import upgrade
from shared.uscc import generate_many

ENTITIES = 100_000
GOAL = 0.5
HEADER = "uscc,name,legal_representative,registered_address,region,industry,established_on"
WRITTEN = ("entities", "entity_grades", "outbox", "audit_log")


def _lines(codes: list[str]) -> list[str]:
    return [HEADER] + [f"{c},青岛测试企业{i}有限公司,张三,青岛市黄岛区长江路{i}号,370211,C1391,"
                       f"2015-03-01" for i, c in enumerate(codes)]


async def _import(path: Path, lines: list[str]) -> float:
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, "credit_rating", url)
    ctx = build(Settings(database_url=url))
    try:
        started = time.perf_counter()
        report = await import_entities(ctx, ctx.database.unit_of_work, lines, "csv",
                                       actor="bench")
        seconds = time.perf_counter() - started
    finally:
        await ctx.database.dispose()
    assert len(report.changes.created) == ENTITIES and report.rejected == 0
    return seconds


def _raw(source: Path, target: Path, tables: tuple[str, ...]) -> float:
    """Seconds to insert ``tables``' rows of ``source`` into ``target`` with executemany."""
    upgrade("credit_rating", f"sqlite+aiosqlite:///{target}")
    read = sqlite3.connect(source)
    rows = {t: read.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    read.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for table, values in rows.items():
        if values:
            marks = ",".join("?" * len(values[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


async def run(bootstrap: str) -> tuple[str, bool]:
    lines = _lines(generate_many(ENTITIES, seed=4754))
    with tempfile.TemporaryDirectory() as tmp:
        imported = Path(tmp) / "imported.db"
        ours = await _import(imported, lines)
        entity_rows = await asyncio.to_thread(_raw, imported, Path(tmp) / "raw.db",
                                              ("entities",))
        all_rows = await asyncio.to_thread(_raw, imported, Path(tmp) / "raw_all.db", WRITTEN)
    ratio = entity_rows / ours
    return (
        f"credit bulk import: {ENTITIES:,} entities in {ours:.1f} s "
        f"({ENTITIES / ours:,.0f}/s) = {ratio:.1%} of raw executemany of the entity rows "
        f"({entity_rows:.2f} s; goal ≥ {GOAL:.0%}); {all_rows / ours:.1%} of raw executemany "
        f"of every row it wrote ({all_rows:.2f} s: entities, grades, 2 events each, audit), "
        f"so even raw writes of those rows reach only {entity_rows / all_rows:.0%}",
        ratio >= GOAL,
    )
