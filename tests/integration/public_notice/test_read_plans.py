"""The reads about one entity, one case or one record do the same work however many
notices there are about others (SQLite, which plans without statistics).

Each statement is the service's own, counted in virtual-machine steps (``vm_steps``), on
a database holding one entity's notices, then on one that also holds 2,000 other
entities' published penalties, records, blacklistings and draw lists (held and
published). Before, given a status or a kind next to the entity, SQLite walked every
published notice or every held list: at 200,000 notices the public credit query's
draw lists took 150 ms (now ~25 µs), a case's penalty 45 ms, a record's notices 66 ms,
a batch's held lists 351 ms.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers import credit_events
from services.public_notice.handlers.inspection_events import LIST_NOTICES_OF, LISTS_OF
from services.public_notice.handlers.steps.read_ahead import HALVES_AMONG, LISTS_AMONG
from services.public_notice.handlers.steps.withdrawal import notices_query
from services.public_notice.models import DrawSelection, Notice
from services.public_notice.queries.profiles import DRAWN, NOTICES
from shared.contracts.credit import RecordChanged
from shared.contracts.credit_lists import BlacklistChanged
from shared.db import UnitOfWork
from shared.uscc import generate_many
from tests.integration.public_notice.conftest import context_of, make_app
from tests.integration.vm_steps import (
    STEP,
    add_rows,
    alone_and_among,
    assert_does_not_grow,
    migrated,
)

OTHERS = 2_000
CODES = generate_many(OTHERS + 1, seed=1209)
ASKED, OTHER_CODES = CODES[0], CODES[1:]
NOW = datetime(2026, 11, 20, 8, tzinfo=UTC)


def _notice(number: int, kind: str, uscc: str | None, status: str,
            **columns: Any) -> dict[str, Any]:
    return {"id": f"N{number:07d}", "number": number, "source_event_id": f"E{number:07d}",
            "kind": kind, "uscc": uscc, "department": "SCJG", "title": kind,
            "summary": "", "legal_basis": "《企业信息公示暂行条例》",
            "decided_on": date(2026, 3, 1), "publish_due": date(2026, 3, 10),
            "published_on": date(2026, 3, 2) if status == "published" else None,
            "period_rule": "fixed", "status": status, "exposed": False, "masked": "",
            "details": {}, "created_at": NOW, "reference": None, "record_id": None,
            **columns}


def _about(uscc: str, first: int) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """An entity's notices (a penalty of a case, a record, a blacklisting, a draw list
    held and one published, each with the entity on it) and its draw selections."""
    notices = [
        _notice(first, "penalty", uscc, "published", reference=f"CASE-{first}",
                record_id=f"REC-{first}"),
        _notice(first + 1, "inspection_result", uscc, "published", record_id=f"REC-{first + 1}"),
        _notice(first + 2, "blacklist", uscc, "published"),
        _notice(first + 3, "draw_list", None, "held", reference=f"DRAW-{first + 3}"),
        _notice(first + 4, "draw_list", None, "published", reference=f"DRAW-{first + 4}"),
    ]
    selections = [{"notice_id": notice["id"], "uscc": uscc} for notice in notices[3:]]
    return notices, selections


def _database(folder: Path, others: int) -> sqlite3.Connection:
    """The others first: a read that walks them cannot stop early at the rows asked for."""
    path, conn = migrated("public_notice", folder)
    notices, selections = [], []
    for i, code in enumerate(OTHER_CODES[:others]):
        theirs, chosen = _about(code, 10 + 5 * i)
        notices += theirs
        selections += chosen
    mine, chosen = _about(ASKED, 1)
    notices, selections = notices + mine, selections + chosen
    add_rows(path, Notice.__table__, notices)
    add_rows(path, DrawSelection.__table__, selections)
    return conn


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _database, OTHERS)


READS: dict[str, tuple[Executable, dict[str, Any], int]] = {
    # name: (statement, its parameters, how many rows it finds about the asked entity)
    "credit query: notices": (NOTICES, {"uscc": ASKED}, 3),
    "credit query: draw lists": (DRAWN, {"uscc": ASKED}, 2),
    "result: lists held": (LISTS_OF, {"uscc": ASKED}, 2),
    "result: lists to open": (LIST_NOTICES_OF, {"uscc": ASKED}, 2),
    "batch: halves": (HALVES_AMONG, {"usccs": [ASKED]}, 2),
    "batch: lists held": (LISTS_AMONG, {"usccs": [ASKED]}, 2),
    "case concluded: its penalty": (
        notices_query(Notice.kind == "penalty", Notice.reference == "CASE-1"), {}, 1),
    "record repaired or changed: its notices": (notices_query(Notice.record_id == "REC-2"), {}, 1),
    "blacklisting: the entity's": (notices_query(Notice.uscc == ASKED), {}, 3),
    "redraw: the list replaced": (
        notices_query(Notice.kind == "draw_list", Notice.reference == "DRAW-4"), {}, 1),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_read_about_one_entity_does_not_grow_with_other_notices(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], read: str) -> None:
    statement, values, expected = READS[read]
    alone, among = databases
    assert_does_not_grow(alone, among, statement, expected, **values)


async def _handled_steps(path: Path, handle: Callable[[PublicNoticeContext, UnitOfWork],
                                                     Awaitable[None]]) -> int:
    """The steps of every statement ``handle`` runs in its unit of work (on the service's
    own connection), on the database at ``path``; nothing is committed."""
    ctx = context_of(make_app(f"sqlite+aiosqlite:///{path}"))
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    try:
        async with ctx.database.unit_of_work() as uow:
            raw = await (await uow.session.connection()).get_raw_connection()
            conn = raw.driver_connection._conn  # type: ignore[union-attr]  # sqlite_inline's
            conn.set_progress_handler(tick, STEP)
            try:
                await handle(ctx, uow)
            finally:
                conn.set_progress_handler(None, STEP)
            raise _Undo
    except _Undo:
        pass
    finally:
        await ctx.database.dispose()
    return count[0]


class _Undo(Exception):
    """Leaves the unit of work without committing."""


@pytest.fixture(scope="module")
def files(databases: tuple[sqlite3.Connection, sqlite3.Connection]) -> list[Path]:
    """The two databases' files, for the service's own engine."""
    return [Path(conn.execute("PRAGMA database_list").fetchone()[2]) for conn in databases]


async def test_a_changed_record_is_found_by_its_id_alone(files: list[Path]) -> None:
    """record_changed asked for the record's published notices: with the status in the
    statement, SQLite walked every published notice (66 ms at 200,000 notices)."""
    event = RecordChanged(record_id="REC-2", uscc=ASKED, kind="inspection_result",  # type: ignore[arg-type]
                          severity=None, status="active", published=True,  # type: ignore[arg-type]
                          publicity_end=None, reason="承诺不实")

    async def handle(ctx: PublicNoticeContext, uow: UnitOfWork) -> None:
        await credit_events.record_changed(ctx, uow, event, event_id="E-CHANGED",
                                           actor="test")

    alone, among = [await _handled_steps(path, handle) for path in files]
    assert among <= 2 * alone + 5, (alone, among)


async def test_a_blacklisting_reads_the_entity_s_notices_only(files: list[Path]) -> None:
    event = BlacklistChanged(uscc=ASKED, listed=True, reason="严重失信", record_ids=[],
                             measures=[], legal_representative_hash=None, changed_at=NOW)

    async def handle(ctx: PublicNoticeContext, uow: UnitOfWork) -> None:
        await credit_events.blacklist_changed(ctx, uow, event, event_id="E-LISTED",
                                              actor="test")

    alone, among = [await _handled_steps(path, handle) for path in files]
    assert among <= 2 * alone + 5, (alone, among)
