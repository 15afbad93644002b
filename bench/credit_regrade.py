"""Re-grade of 1,000,000 entities under a new rule version against raw SQL (goal ≤ 3×).

The database is filled with plain ``sqlite3`` as in the check benchmark (5% of the
entities carry a credit record), without its lists, and with every stored grade under an
older rule version, so the re-grade rewrites every grade row: the case of ``jianguan
regrade`` after a new ``credit_rules.yaml`` takes effect. The figure is the run of
``regrade_all`` as the CLI calls it (on the context ``bootstrap.build`` makes, as of its
clock's today).

The floor, in the same run on a copy of the same database taken before the re-grade:
raw ``sqlite3`` (connected as the service connects) reading every record the re-grade
reads (entities, stored grades, credit records, list entries, abnormal listings,
listing proposals, risk levels) and writing the grades the re-grade changed, with their
new values and versions raised, in one transaction: the database work of a re-grade
without any grading, events or audit.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.credit_check import ENTITIES, _fill
from bench.outcome import Goal, Outcome
from services.credit_rating.bootstrap import build
from services.credit_rating.config import Settings
from services.credit_rating.handlers.batch_regrade import UPDATE_GRADE, regrade_all
from shared.migrations import upgrade

GOAL = 3.0  # times the floor
READS = (
    "SELECT uscc, established_on, new_economy, tolerance_until FROM entities ORDER BY uscc",
    "SELECT uscc, grade, label, score, rule_version, no_penalty_3y, factors, version"
    " FROM entity_grades ORDER BY uscc",
    "SELECT uscc, id, kind, severity, decided_on, department, violation_code, status,"
    " publicity_end FROM credit_records ORDER BY uscc",
    "SELECT * FROM credit_list_entries",
    "SELECT * FROM abnormal_listings",
    "SELECT * FROM blacklist_proposals",
    "SELECT * FROM entity_risks",
)
CHANGED = ("SELECT g.grade, g.label, g.score, g.rule_version, g.no_penalty_3y, g.factors,"
           " g.computed_at, g.uscc FROM entity_grades g JOIN before.entity_grades b"
           " ON b.uscc = g.uscc WHERE g.version != b.version ORDER BY g.uscc")


def _connect(path: Path) -> sqlite3.Connection:
    """A connection as the service's (``shared.db``): WAL, foreign keys, 64 MB cache."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                   "cache_size=-65536", "mmap_size=1073741824"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _age_grades(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE entity_grades SET rule_version = '2025.1'")
    conn.commit()
    conn.close()


def _changed_grades(regraded: Path, before: Path) -> list[tuple]:
    """The grade rows the re-grade rewrote, as it stored them (``UPDATE_GRADE``'s order)."""
    conn = sqlite3.connect(regraded)
    conn.execute("ATTACH DATABASE ? AS before", (str(before),))
    rows = conn.execute(CHANGED).fetchall()
    conn.close()
    return rows


def _floor(path: Path, changed: list[tuple]) -> float:
    """Seconds to read what the re-grade reads and write the grades it changed."""
    conn = _connect(path)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for sql in READS:
        conn.execute(sql).fetchall()
    conn.executemany(UPDATE_GRADE, changed)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


async def run(bootstrap: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        path, copy = Path(tmp) / "credit_rating.db", Path(tmp) / "floor.db"
        url = f"sqlite+aiosqlite:///{path}"
        await asyncio.to_thread(upgrade, "credit_rating", url)
        # without the check's lists: they have no records behind them, and a re-grade
        # would take 1% of the registry off the blacklist, a run no real day has
        await asyncio.to_thread(lambda: _fill(path, lists=False))
        await asyncio.to_thread(_age_grades, path)
        await asyncio.to_thread(shutil.copyfile, path, copy)
        ctx = build(Settings(database_url=url))
        try:
            started = time.perf_counter()
            summary = await regrade_all(ctx, actor="bench")
            seconds = time.perf_counter() - started
        finally:
            await ctx.database.dispose()
        changed = await asyncio.to_thread(_changed_grades, path, copy)
        floor = await asyncio.to_thread(_floor, copy, changed)
    assert summary.entities == ENTITIES
    ratio = seconds / floor
    line = (f"credit regrade: {summary.entities:,} entities under rules {summary.rule_version} "
            f"in {seconds:.1f} s ({summary.entities / seconds:,.0f}/s, {summary.changed:,} "
            f"changed letter) = {ratio:.2f}× the floor (goal ≤ {GOAL:.0f}×); floor: raw "
            f"sqlite3 reading every record and writing the {len(changed):,} changed grades "
            f"in {floor:.1f} s")
    return Outcome(line, (Goal("1M regrade vs raw SQL reads + changed grades", ratio, GOAL,
                               "×", at_least=False),))
