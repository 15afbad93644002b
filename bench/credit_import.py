"""Bulk import of 1,000,000 entities from CSV against raw ``executemany`` of every row it
writes (issue 17.2: goal ≥ 70% of that floor's speed, and ≤ 3× its time).

The import runs as ``jianguan import entities`` does (built from ``bootstrap.build``, a
CSV file on disk opened as the CLI opens it, one unit of work per batch) on a fresh
migrated SQLite database: it validates each line, stores the entity, grades it and
writes two outbox events (``credit.entity.upserted.v1`` and its first
``credit.grade.changed.v1``) and an audit entry per batch.

The floor, in the same run: raw ``sqlite3`` (connected as the service connects) inserts
every row the import wrote (entities, first grades, outbox events, audit entries, read
back from the imported database beforehand, not timed) into another fresh migrated
database with one ``executemany`` per table and one commit. A million entities rather
than 100,000: the scale the import is for, at which a B-tree no longer fits the cache
(about two minutes for the import and its floor together).
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.outcome import Goal, Outcome
from services.credit_rating.bootstrap import build
from services.credit_rating.config import Settings
from services.credit_rating.handlers.bulk_import import import_entities
from shared.migrations import upgrade
from shared.uscc import generate_many

ENTITIES = 1_000_000
GOAL = 0.70  # of the floor's speed
GOAL_TIMES = 3.0  # the floor's time
HEADER = "uscc,name,legal_representative,registered_address,region,industry,established_on"
WRITTEN = ("entities", "entity_grades", "outbox", "audit_log")


def _write_csv(path: Path) -> None:
    codes = generate_many(ENTITIES, seed=4754)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        out.writelines(f"{c},青岛测试企业{i}有限公司,张三,青岛市黄岛区长江路{i}号,370211,C1391,"
                       f"2015-03-01\n" for i, c in enumerate(codes))


async def _import(path: Path, csv_file: Path) -> float:
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, "credit_rating", url)
    ctx = build(Settings(database_url=url))
    try:
        started = time.perf_counter()
        with csv_file.open(encoding="utf-8-sig", newline="") as lines:  # as the CLI reads
            report = await import_entities(ctx, ctx.database.unit_of_work, lines, "csv",
                                           actor="bench")
        seconds = time.perf_counter() - started
    finally:
        await ctx.database.dispose()
    assert len(report.changes.created) == ENTITIES and report.rejected == 0
    return seconds


def _connect(path: Path) -> sqlite3.Connection:
    """A connection as the service's (``shared.db``): WAL, foreign keys, 64 MB cache."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                   "cache_size=-65536", "mmap_size=1073741824"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _floor(source: Path, target: Path) -> tuple[float, int]:
    """Seconds to insert every row of ``WRITTEN`` in ``source`` into ``target`` with one
    executemany per table in one transaction (each table's rows read before its clock
    runs), and how many rows that was."""
    upgrade("credit_rating", f"sqlite+aiosqlite:///{target}")
    read, conn = sqlite3.connect(source), _connect(target)
    seconds, count = 0.0, 0
    conn.execute("BEGIN IMMEDIATE")
    for table in WRITTEN:
        rows = read.execute(f"SELECT * FROM {table}").fetchall()
        count += len(rows)
        started = time.perf_counter()
        if rows:
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        seconds += time.perf_counter() - started
        del rows
    started = time.perf_counter()
    conn.execute("COMMIT")
    seconds += time.perf_counter() - started
    read.close()
    conn.close()
    return seconds, count


async def run(bootstrap: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        csv_file, imported = Path(tmp) / "entities.csv", Path(tmp) / "imported.db"
        await asyncio.to_thread(_write_csv, csv_file)
        ours = await _import(imported, csv_file)
        floor, rows = await asyncio.to_thread(_floor, imported, Path(tmp) / "floor.db")
    ratio, times = floor / ours, ours / floor
    line = (f"credit bulk import: {ENTITIES:,} entities from CSV in {ours:.1f} s "
            f"({ENTITIES / ours:,.0f}/s) = {ratio:.1%} of raw executemany of every row it "
            f"wrote (goal ≥ {GOAL:.0%}) = {times:.2f}× its time (goal ≤ {GOAL_TIMES:.0f}×); "
            f"floor: raw sqlite3 executemany of the {rows:,} rows (entities, grades, "
            f"2 events each, audit) in {floor:.1f} s")
    return Outcome(line, (
        Goal("import vs raw executemany of every row", ratio, GOAL, "%"),
        Goal("1M-entity CSV import, times that floor", times, GOAL_TIMES, "×",
             at_least=False)))
