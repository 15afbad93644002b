"""The reads about one object, one draw or one draw's selection do the same work however
many other inspections the history holds (SQLite, which plans without statistics).

Each statement is the service's own (the redraw's, as it writes it), counted in
virtual-machine steps (``vm_steps``), on a database holding the inspection asked about,
then on one that also holds 2,000 other objects' inspections of the same year. Before,
at 200,000 inspections: an object's history read all of them (12 ms, now ~5 µs:
``ix_inspection_history_uscc_year``); a redraw taking the replaced draw out of the
history read all of them too (11-23 ms for a draw of 200 visits, now 2 ms:
``ix_inspection_history_draw_id``); a draw from an older commitment read the year's
whole history to check the objects it drew (15 ms at 50,000 a year, now its own).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Executable, delete

from services.inspection_draw.handlers.history import INSPECTED_AMONG
from services.inspection_draw.handlers.mirror import HISTORY_OF
from services.inspection_draw.models import DrawRow, InspectionHistory, Plan, Task
from shared.uscc import generate_many
from tests.integration.vm_steps import (
    add_rows,
    alone_and_among,
    assert_does_not_grow,
    migrated,
)

OTHERS = 2_000
CODES = generate_many(OTHERS + 2, seed=1211)
ASKED, NEVER, OTHER_CODES = CODES[0], CODES[1], CODES[2:]
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _draw(number: int) -> dict[str, Any]:
    return {"id": f"D-{number}", "task_id": f"T-{number}", "commitment_id": f"C-{number}",
            "result": {}, "assignment": {}, "drawn_by": "SCJG/officer", "drawn_at": AT}


def _task(number: int) -> dict[str, Any]:
    return {"id": f"T-{number}", "plan_id": "P-1", "matters": [], "key_area": False,
            "population": {}, "window_start": date(2026, 3, 1),
            "window_end": date(2026, 5, 1), "results_due": date(2026, 6, 1),
            "status": "drawn", "created_at": AT}


def _database(folder: Any, others: int) -> sqlite3.Connection:
    """The others' inspections (draw D-2) first: a read that walks them cannot stop early
    at the one asked about (draw D-1)."""
    path, conn = migrated("inspection_draw", folder)
    add_rows(path, Plan.__table__, [{
        "id": "P-1", "department": "SCJG", "departments": ["SCJG"], "year": 2026,
        "title": "2026 年度抽查计划", "status": "published", "created_at": AT}])
    add_rows(path, Task.__table__, [_task(1), _task(2)])
    add_rows(path, DrawRow.__table__, [_draw(1), _draw(2)])
    history = [{"visit_id": f"V-2-{i:05d}", "uscc": code, "year": 2026, "draw_id": "D-2"}
               for i, code in enumerate(OTHER_CODES[:others])]
    history.append({"visit_id": "V-1-00000", "uscc": ASKED, "year": 2026, "draw_id": "D-1"})
    add_rows(path, InspectionHistory.__table__, history)
    return conn


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _database, OTHERS)


READS: dict[str, tuple[Executable, dict[str, Any], int]] = {
    # name: (statement, its parameters, how many rows it finds about what is asked)
    "object: its inspections": (HISTORY_OF, {"uscc": ASKED}, 1),
    "draw: which drawn objects were inspected": (
        INSPECTED_AMONG, {"year": 2026, "usccs": [ASKED, NEVER], "ignore": "D-9"}, 1),
    "redraw: the replaced draw leaves the history": (
        delete(InspectionHistory).where(InspectionHistory.draw_id == "D-1")
        .returning(InspectionHistory.visit_id), {}, 1),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_read_about_one_object_or_draw_does_not_grow_with_other_inspections(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], read: str) -> None:
    statement, values, expected = READS[read]
    alone, among = databases
    try:
        assert_does_not_grow(alone, among, statement, expected, **values)
    finally:
        alone.rollback()
        among.rollback()
