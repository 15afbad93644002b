"""A complaint's subject named without a USCC, and a routed complaint's duplicates, cost
the same work however many other entities and complaints there are (SQLite, which plans
without statistics).

Each statement is the service's own (or, for the routing, the handlers' update), counted
in virtual-machine steps (``vm_steps``), on a database holding what is asked about, then
on one that also holds 2,000 other entities and complaints. Before, at 200,000 entities
(complaints): each prefix tried for a name the mirror does not hold read the whole mirror
(20 ms, three prefixes a filing; now ~2 µs), and assigning or passing on a complaint read
every complaint for its duplicates (31 ms; now ~2 µs, ``ix_complaints_duplicate_of``).
A department's statistics for a period read every complaint it ever received, and every
department's passed-on steps and overdue notices (now ranges of ``(department, day)``
and the department's notices, migration 0014).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Executable, update

from services.complaint_intake.domain.matching import name_key
from services.complaint_intake.handlers.subjects import sharing_prefix
from services.complaint_intake.models import (
    Complaint,
    HandlingStep,
    MirroredEntity,
    OverdueNotice,
)
from services.complaint_intake.queries.stats import (
    duplicates_rated,
    overdue_received,
    passed_on,
    received,
)
from shared.uscc import generate_many
from tests.integration.vm_steps import (
    add_rows,
    alone_and_among,
    assert_does_not_grow,
    migrated,
    steps_of,
)

OTHERS = 2_000
CODES = generate_many(OTHERS + 1, seed=1210, region="370211")
AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
TARGET = "青岛海岸食品有限公司"
_WORDS = "海岸食品科技贸易商贸餐饮物流建材服装电子家具酒店超市"


def _entity(code: str, name: str) -> dict[str, Any]:
    return {"uscc": code, "name": name, "name_key": name_key(name), "region": "370211",
            "updated_at": AT, "version": None}


def _complaint(number: int, duplicate_of: str | None, department: str = "SCJG",
               at: datetime = AT, satisfaction: int | None = None) -> dict[str, Any]:
    return {"id": f"CP{number:07d}", "receipt_code": f"R{number:07d}", "kind": "complaint",
            "channel": "web", "status": "received", "category": "food", "region": "370211",
            "department": department, "uscc": None, "entity_key": f"name:{number}",
            "description": "", "attachments": [], "received_at": at,
            "received_on": at.date(), "duplicate_of": duplicate_of, "duplicates": 0,
            "channels": ["web"], "misroutes": 0, "internal_whistleblower": False,
            "reporter_standing": "ok", "filed_by": "public", "updated_at": at,
            "satisfaction": satisfaction}


def _passed_on(number: int, department: str, at: datetime) -> dict[str, Any]:
    return {"complaint_id": f"CP{number:07d}", "at": at, "on_day": at.date(),
            "action": "passed_on", "department": department, "actor": "李四"}


def _notice(number: int, department: str, at: datetime) -> dict[str, Any]:
    return {"complaint_id": f"CP{number:07d}", "deadline": "accept", "due_on": at.date(),
            "department": department, "detected_on": at.date()}


def _database(folder: Any, others: int) -> sqlite3.Connection:
    """2,000 entities named 青岛…有限公司 (sharing the city's two characters, as in a
    real mirror) and 2,000 complaints each with a duplicate, before what is asked about:
    a read that walks them cannot stop early at the rows asked for. Each of those
    complaints was passed on and found overdue by its department (SCJG) in the period
    of the statistics asked for (STATS, of WSJ), and WSJ received 250 rated complaints,
    each with a rated duplicate and passed on, the year before."""
    path, conn = migrated("complaint_intake", folder)
    names = [f"青岛{_WORDS[i % 20]}{_WORDS[i // 20 % 20]}{_WORDS[i // 400]}商行{i}"
             for i in range(others)]
    entities = [_entity(code, name) for code, name in zip(CODES[1:], names, strict=False)]
    complaints = [_complaint(2 * i + 10, None) for i in range(others)]
    complaints += [_complaint(2 * i + 11, f"CP{2 * i + 10:07d}") for i in range(others)]
    steps = [_passed_on(2 * i + 10, "SCJG", AT) for i in range(others)]
    notices = [_notice(2 * i + 10, "SCJG", AT) for i in range(others)]
    before = AT - timedelta(days=365)
    for number in range(10 + 2 * others, 10 + 2 * others + others // 4, 2):
        complaints += [_complaint(number, None, "WSJ", before, 5),
                       _complaint(number + 1, f"CP{number:07d}", "WSJ", before, 5)]
        steps.append(_passed_on(number, "WSJ", before))
    entities.append(_entity(CODES[0], TARGET))
    complaints += [_complaint(1, None), _complaint(2, "CP0000001"),
                   _complaint(3, None, "WSJ"), _complaint(4, "CP0000003", "WSJ", AT, 4)]
    steps.append(_passed_on(3, "WSJ", AT))
    notices.append(_notice(3, "WSJ", AT))
    add_rows(path, MirroredEntity.__table__, entities)
    for table, rows in ((Complaint, complaints), (HandlingStep, steps),
                        (OverdueNotice, notices)):
        add_rows(path, table.__table__, rows)
    return conn


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _database, OTHERS)


UNKNOWN = name_key("平度市老王烧烤店")
STATS = ("WSJ", date(2026, 11, 1), date(2026, 11, 30))
READS: dict[str, tuple[Executable, int]] = {
    # name: (statement, how many rows it finds about what is asked)
    "subject: a name it does not hold": (sharing_prefix(UNKNOWN[:6], 500, sqlite=True), 0),
    "subject: its shortest prefix": (sharing_prefix(UNKNOWN[:2], 500, sqlite=True), 0),
    "subject: a name it holds": (sharing_prefix(name_key(TARGET)[:6], 500, sqlite=True), 1),
    "routing: the duplicates follow": (
        update(Complaint).where(Complaint.duplicate_of == "CP0000001")
        .values(department="STHJ", updated_at=AT).returning(Complaint.id), 1),
    "stats: complaints it received": (received(*STATS), 2),
    "stats: their duplicates' ratings": (duplicates_rated(*STATS), 1),
    "stats: overdue": (overdue_received(*STATS), 1),
    "stats: passed on": (passed_on(*STATS), 1),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_read_about_one_complaint_does_not_grow_with_others(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], read: str) -> None:
    statement, expected = READS[read]
    alone, among = databases
    assert_does_not_grow(alone, among, statement, expected)


def test_the_range_finds_the_names_the_prefix_does(
        databases: tuple[sqlite3.Connection, sqlite3.Connection]) -> None:
    """The range SQLite seeks holds exactly the names that start with the prefix."""
    among = databases[1]
    for prefix in ("青岛", "青岛海", name_key(TARGET)[:6], "青岛商", UNKNOWN[:2], "a"):
        seek = steps_of(among, sharing_prefix(prefix, 10_000, sqlite=True))[1]
        like = steps_of(among, sharing_prefix(prefix, 10_000, sqlite=False))[1]
        assert sorted(seek) == sorted(like), prefix
