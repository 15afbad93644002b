"""The reads about one case (or one clue's source) do the same work however many other
cases there are (SQLite, which plans without statistics).

Each statement is the service's own, counted in virtual-machine steps (``vm_steps``), on
a database holding the cases asked about, then on one that also holds 2,000 other
departments' cases opened from complaints, each with a deadline escalated to the same
supervisor. Before, at 200,000 cases: a clue's check for the case its event opened read
every case (28 ms an event, now ~5 µs: ``ix_cases_source_ref``); a supervisor's check of
a case walked every deadline it supervises (32 ms, now ~5 µs); the procuratorate's list
read every case to find the 行刑衔接 ones (44 ms, now 6 ms for its 4,000). A
department's evaluation read every step, legal review and 行刑衔接 transfer, and every
transfer it was ever sent, to count those of a period (~40 ms at 600,000 steps; now a
range of each ``(department, time)`` index, migration 0006). A department's case list
found and sorted every case it may see for each page; now the first page reads its
newest own cases from ``(department, opened_at DESC, id)`` (migration 0007).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Executable

from services.case_transfer.bootstrap import CaseTransferContext, build
from services.case_transfer.config import Settings
from services.case_transfer.handlers.incoming import SEEN
from services.case_transfer.handlers.supervision import DEADLINES_OF
from services.case_transfer.models import (
    Case,
    CaseAccess,
    CaseDeadline,
    CaseStep,
    CriminalTransfer,
    LegalReview,
    Transfer,
)
from services.case_transfer.queries.cases import case_list, visible_to
from services.case_transfer.queries.evaluation import (
    _instant,
    police_delivered,
    reviews_decided,
    steps_before,
    transfers_answered,
)
from tests.integration.vm_steps import (
    add_rows,
    alone_and_among,
    assert_does_not_grow,
    migrated,
    plan_of,
    steps_of,
)

OTHERS = 2_000
AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
SUPERVISOR, PROCURATORATE = "SFJ", "JCY"


def _case(number: int, department: str, **columns: Any) -> dict[str, Any]:
    return {"id": f"C{number:07d}", "kind": "case", "stage": "investigating",
            "department": department, "opened_by": department, "party": "entity",
            "title": "案件", "facts": "", "suspected_crime": False, "source": "complaint",
            "source_ref": f"CP-{number}", "source_event_id": f"EV-{number}",
            "investigators": [], "criminal_state": None, "opened_at": AT,
            "opened_on": AT.date(), "updated_at": AT, **columns}


def _deadline(number: int, department: str) -> dict[str, Any]:
    due = AT + timedelta(days=10)
    return {"id": f"DL{number:07d}", "case_id": f"C{number:07d}", "kind": "transfer_answer",
            "subject_id": f"T{number:07d}", "department": department,
            "supervisor": SUPERVISOR, "opened_at": AT, "due_at": due,
            "due_on": date(2026, 11, 12), "escalated_at": due}


def _step(number: int, department: str, at: datetime) -> dict[str, Any]:
    return {"case_id": f"C{number:07d}", "step": "opened", "at": at,
            "department": department, "actor": "张三"}


def _transfer(number: int, to_department: str, at: datetime) -> dict[str, Any]:
    return {"id": f"T{number:07d}", "case_id": f"C{number:07d}", "from_department": "XX",
            "to_department": to_department, "cross_region": False, "reasons": "",
            "attachments": [], "status": "accepted", "sent_at": at - timedelta(days=1),
            "due_on": at.date(), "answered_at": at}


def _review(number: int, department: str, at: datetime) -> dict[str, Any]:
    return {"id": f"R{number:07d}", "case_id": f"C{number:07d}", "department": department,
            "proposal": {}, "major": False, "status": "passed",
            "submitted_at": at - timedelta(days=1), "due_on": at.date(), "reviewed_at": at}


def _police(number: int, department: str, at: datetime) -> dict[str, Any]:
    return {"id": f"P{number:07d}", "case_id": f"C{number:07d}", "department": department,
            "state": "delivered", "police_department": "GAJ", "officers": [], "grounds": "",
            "proposed_at": at - timedelta(days=1), "delivered_at": at}


def _database(folder: Any, others: int) -> sqlite3.Connection:
    """The others first: a read that walks them cannot stop early at the rows asked for.
    Each other case has a step, a transfer answered, a legal review and a 行刑衔接
    transfer: of its department in the evaluated period, or (one in four) of the
    department evaluated a year before."""
    path, conn = migrated("case_transfer", folder)
    cases, deadlines, steps, transfers, reviews, police = [], [], [], [], [], []
    for number in range(10, 10 + others):
        department = f"D{number % 20:02d}"
        cases.append(_case(number, department))
        deadlines.append(_deadline(number, department))
        by, at = ("SCJG", AT - timedelta(days=365)) if number % 4 == 0 else (department, AT)
        steps.append(_step(number, by, at))
        transfers.append(_transfer(number, by, at))
        reviews.append(_review(number, by, at))
        police.append(_police(number, by, at))
    cases += [_case(1, "SCJG"), _case(2, "GAJ", criminal_state="delivered", source="manual",
                                      source_ref=None, source_event_id=None)]
    deadlines.append(_deadline(1, "SCJG"))
    steps += [_step(1, "SCJG", AT - timedelta(days=1)), _step(1, "SCJG", AT)]
    transfers.append(_transfer(1, "SCJG", AT))
    reviews.append(_review(1, "SCJG", AT))
    police.append(_police(1, "SCJG", AT))
    for table, rows in ((Case, cases), (CaseDeadline, deadlines), (CaseStep, steps),
                        (Transfer, transfers), (LegalReview, reviews),
                        (CriminalTransfer, police)):
        add_rows(path, table.__table__, rows)
    return conn


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _database, OTHERS)


def _context() -> CaseTransferContext:
    return build(Settings(database_url="sqlite+aiosqlite:///unused.db"))


def _procuratorate_list() -> Executable:
    return visible_to(_context(), PROCURATORATE).order_by(Case.opened_at.desc(),
                                                         Case.id).limit(50)


PERIOD = ("SCJG", _instant(date(2026, 11, 1)), _instant(date(2026, 12, 1)))
READS: dict[str, tuple[Executable, dict[str, Any], int]] = {
    # name: (statement, its parameters, how many rows it finds)
    "clue: its event opened a case": (
        SEEN, {"event_id": "EV-1", "source": "complaint", "ref": "CP-1"}, 1),
    "clue: a new one": (SEEN, {"event_id": "EV-NEW", "source": "complaint", "ref": "CP-NEW"},
                        0),
    "supervision: the case's deadlines": (DEADLINES_OF, {"case_id": "C0000001"}, 1),
    "procuratorate: its cases": (_procuratorate_list(), {}, 1),
    "procuratorate: its case list": (case_list(
        _context(), PROCURATORATE, stage=None, kind=None, criminal=None, limit=50,
        offset=0), {}, 1),
    "evaluation: transfers it answered": (transfers_answered(*PERIOD), {}, 1),
    "evaluation: reviews it decided": (reviews_decided(*PERIOD), {}, 1),
    "evaluation: 行刑衔接 it delivered": (police_delivered(*PERIOD), {}, 1),
    "evaluation: its steps' cases": (steps_before(*PERIOD), {}, 2),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_read_about_one_case_does_not_grow_with_other_cases(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], read: str) -> None:
    statement, values, expected = READS[read]
    alone, among = databases
    assert_does_not_grow(alone, among, statement, expected, **values)


def _own_history(folder: Any, older: int) -> sqlite3.Connection:
    """A department's 30 newest cases (one shared with it, one transferred to it, one
    opened by another department), and ``older`` of its own a year before, first."""
    path, conn = migrated("case_transfer", folder)
    year_before = AT - timedelta(days=365)
    cases = [_case(number, "SCJG", opened_at=year_before - timedelta(minutes=number))
             for number in range(100, 100 + older)]
    cases += [_case(number, "SCJG", opened_at=AT - timedelta(minutes=number))
              for number in range(1, 28)]
    cases += [_case(28, "GAJ", opened_by="SCJG"), _case(29, "GAJ"), _case(30, "STHJ")]
    add_rows(path, Case.__table__, cases)
    add_rows(path, CaseAccess.__table__, [{"case_id": "C0000029", "department": "SCJG",
                                           "reason": "joint", "since": AT}])
    add_rows(path, Transfer.__table__, [_transfer(30, "SCJG", AT)])
    return conn


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _own_history, OTHERS)


def test_the_first_page_of_a_case_list_does_not_grow_with_the_department_history(
        histories: tuple[sqlite3.Connection, sqlite3.Connection]) -> None:
    """Before, every case the department may see was found and sorted for each page: 224
    steps alone, 3,824 among 2,000 older cases of its own; now 248 either way."""
    statement = case_list(_context(), "SCJG", stage=None, kind=None, criminal=None,
                          limit=20, offset=0)
    _first_page_alike(histories, statement)


def _first_page_alike(histories: tuple[sqlite3.Connection, sqlite3.Connection],
                      statement: Any) -> list[Any]:
    """The first page of 20, the same alone and among the older history, read in at most
    about twice the steps (not in steps growing with the history); its rows."""
    alone, among = histories
    steps_alone, rows_alone = steps_of(alone, statement)
    steps_among, rows_among = steps_of(among, statement)
    assert rows_alone == rows_among and len(rows_alone) == 20
    assert steps_among <= 2 * steps_alone + 5, (
        steps_alone, steps_among, plan_of(among, statement))
    return rows_alone


def _criminal_history(folder: Any, older: int) -> sqlite3.Connection:
    """30 recent cases with a 行刑衔接 state (of several departments, one of them still
    without one) and ``older`` ones a year before, first."""
    path, conn = migrated("case_transfer", folder)
    year_before = AT - timedelta(days=365)
    cases = [_case(number, f"D{number % 20:02d}", criminal_state="delivered",
                   opened_at=year_before - timedelta(minutes=number))
             for number in range(100, 100 + older)]
    cases += [_case(number, f"D{number % 20:02d}", opened_at=AT - timedelta(minutes=number),
                    criminal_state=None if number == 5 else "proposed")
              for number in range(1, 31)]
    add_rows(path, Case.__table__, cases)
    return conn


@pytest.fixture(scope="module")
def criminal_histories(tmp_path_factory: pytest.TempPathFactory,
                       ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _criminal_history, OTHERS)


def test_the_procuratorates_first_page_does_not_grow_with_every_criminal_case_ever(
        criminal_histories: tuple[sqlite3.Connection, sqlite3.Connection]) -> None:
    """Every 行刑衔接 case was found and sorted for each page of the procuratorate's
    list; the partial index ``ix_cases_criminal_opened_at`` gives them newest first."""
    statement = case_list(_context(), PROCURATORATE, stage=None, kind=None, criminal=None,
                          limit=20, offset=0)
    rows = _first_page_alike(criminal_histories, statement)

    assert "C0000005" not in {row[0] for row in rows}, "a case without 行刑衔接"
