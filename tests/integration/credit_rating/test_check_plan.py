"""逢办必查's one read does the same work however many other entities are listed.

The read answers about one entity. Counted in SQLite virtual-machine steps (not time), it
must not grow with rows about other entities: open 经营异常名录 listings, blacklisted
entities, and people standing behind several entities. Before the index on
``(uscc, removed_on, listed_on)`` and the nested person hint, 2,000 such rows made it
walk every open listing and start from every blacklisted entity (~4.5 ms per check at
200,000 entities, against ~20 µs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite

from services.credit_rating.handlers.check import CHECK_QUERY
from shared.migrations import upgrade
from shared.uscc import generate_many

NOW = "2026-11-22 00:00:00.000000"
OTHERS = 2_000


@pytest.fixture()
def registry(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "credit_rating.db"
    upgrade("credit_rating", f"sqlite+aiosqlite:///{path}")
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def _register(conn: sqlite3.Connection, codes: list[str]) -> None:
    conn.executemany(
        "INSERT INTO entities (uscc, name, legal_representative, registered_address, region,"
        " industry, established_on, new_economy, created_at, updated_at) VALUES"
        " (?, ?, '张三', '青岛市黄岛区', '370211', 'C1391', '2015-03-01', 0, ?, ?)",
        ((code, f"企业{i}", NOW, NOW) for i, code in enumerate(codes)))
    conn.executemany(
        "INSERT INTO entity_person_ids (uscc, person_hash, role, created_at)"
        " VALUES (?, ?, 'legal_representative', ?)",
        ((code, f"{i:064x}", NOW) for i, code in enumerate(codes)))


def _list_the_others(conn: sqlite3.Connection, others: list[str]) -> None:
    """Every other entity on the abnormal list and blacklisted; its person also stands
    behind a second, unlisted entity."""
    conn.executemany(
        "INSERT INTO abnormal_listings (id, uscc, department, reason, listed_on, created_at)"
        " VALUES (?, ?, 'SCJG', '未按期公示年报', '2025-06-01', ?)",
        ((f"a{i}", code, NOW) for i, code in enumerate(others)))
    conn.executemany(
        "INSERT INTO credit_list_entries (uscc, list_kind, listed, reason, record_ids,"
        " updated_at) VALUES (?, 'blacklist', 1, '严重违法', '[]', ?)",
        ((code, NOW) for code in others))
    half = len(others) // 2
    conn.executemany(
        "INSERT INTO entity_person_ids (uscc, person_hash, role, created_at)"
        " VALUES (?, ?, 'responsible_person', ?)",
        ((others[half + i], f"{i + 1:064x}", NOW) for i in range(half)))


def _steps(conn: sqlite3.Connection, uscc: str) -> int:
    """The VM steps (in tens) of the check's read of ``uscc``; its answer must be there."""
    compiled = CHECK_QUERY.compile(dialect=sqlite.dialect())
    arguments = [uscc if name == "uscc" else compiled.params[name]
                 for name in compiled.positiontup or ()]
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        row = conn.execute(str(compiled), arguments).fetchone()
    finally:
        conn.set_progress_handler(None, 10)
    assert row is not None and row[0] == uscc
    return count[0]


def test_the_check_reads_as_much_with_2000_listed_entities_as_with_none(
        registry: sqlite3.Connection) -> None:
    codes = generate_many(OTHERS + 1, seed=1207)
    asked, others = codes[0], codes[1:]
    _register(registry, codes)
    registry.commit()
    alone = _steps(registry, asked)

    _list_the_others(registry, others)
    registry.commit()
    among_listed = _steps(registry, asked)

    assert among_listed <= 2 * alone + 5, (alone, among_listed)
