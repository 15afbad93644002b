"""A department's case list (``GET /v1/cases``) gives, page by page, exactly the cases it
may see, newest first (``opened_at DESC, id``): one read per way of seeing a case, each
cut at ``offset + limit``, then merged. Checked against the list computed from the rows,
for every department, filter and page, with cases seen in several ways and equal times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from services.case_transfer.models import Case, CaseAccess, Transfer
from tests.integration.case_transfer.conftest import token
from tests.integration.case_transfer.flows import call

AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
OWN, OTHER, THIRD, PROCURATORATE = "SCJG", "WSJK", "STHJ", "JCY"
STAGES = ("investigating", "registered", "concluded")
PAGES = ((200, 0), (5, 0), (5, 5), (3, 7), (20, 10), (1, 44), (10, 60))


def _cases() -> list[dict[str, Any]]:
    """60 cases, three at each time (ids not in the order of their numbers), handled and
    opened by one of three departments, one in four with a 行刑衔接 state."""
    rows = []
    for n in range(60):
        department = (OWN, OTHER, THIRD)[n % 3]
        opened_by = department if n % 4 else (OWN, OTHER, THIRD)[(n + 1) % 3]
        at = AT - timedelta(hours=n // 3)
        rows.append({"id": f"K{n * 37 % 60:03d}", "kind": ("case", "clue")[n % 2],
                     "stage": STAGES[n % 3 if n % 5 else 0], "department": department,
                     "opened_by": opened_by, "party": "entity", "title": "案件", "facts": "",
                     "suspected_crime": False, "source": "manual", "investigators": [],
                     "criminal_state": "delivered" if n % 4 == 1 else None,
                     "opened_at": at, "opened_on": at.date(), "updated_at": at})
    return rows


CASES = _cases()
# shared with and transferred to OWN: some of its own, some twice, some both ways
SHARED = {OWN: [CASES[n]["id"] for n in (1, 2, 3, 7, 13, 14, 29, 31, 58)],
          PROCURATORATE: [CASES[n]["id"] for n in (4, 8, 9)]}
RECEIVED = {OWN: [CASES[n]["id"] for n in (2, 3, 4, 4, 11, 13, 20, 26, 26, 59)],
            THIRD: [CASES[n]["id"] for n in (1, 5, 5)]}


async def _fill(url: str) -> None:
    access = [{"case_id": case_id, "department": department, "reason": "joint", "since": AT}
              for department, ids in SHARED.items() for case_id in ids]
    transfers = [{"id": f"T{number:03d}", "case_id": case_id, "from_department": OTHER,
                  "to_department": department, "cross_region": False, "reasons": "",
                  "attachments": [], "status": "accepted", "sent_at": AT, "due_on": AT.date()}
                 for number, (department, case_id) in enumerate(
                     (department, case_id) for department, ids in RECEIVED.items()
                     for case_id in ids)]
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            for table, rows in ((Case, CASES), (CaseAccess, access), (Transfer, transfers)):
                await conn.execute(insert(table.__table__), rows)
    finally:
        await engine.dispose()


def _expected(department: str, stage: str | None, kind: str | None,
              criminal: bool | None) -> list[str]:
    """The cases ``department`` may see (``domain.visibility``), filtered, newest first."""
    seen = [case for case in CASES if
            department in (case["department"], case["opened_by"])
            or case["id"] in SHARED.get(department, ())
            or case["id"] in RECEIVED.get(department, ())
            or (department == PROCURATORATE and (case["criminal_state"] or "") > "")]
    chosen = [case for case in seen if stage in (None, case["stage"])
              and kind in (None, case["kind"])
              and criminal in (None, case["criminal_state"] is not None)]
    by_id = sorted(chosen, key=lambda case: case["id"])
    return [case["id"] for case in sorted(by_id, key=lambda case: case["opened_at"],
                                          reverse=True)]


async def test_every_page_of_every_list_is_the_visible_cases_newest_first(client, database):
    await _fill(database)
    for department, stage, kind, criminal in product(
            (OWN, OTHER, THIRD, PROCURATORATE, "GA"), (None, "investigating"),
            (None, "clue"), (None, True, False)):
        expected = _expected(department, stage, kind, criminal)
        filters = "".join(f"&{name}={str(value).lower()}" for name, value in (
            ("stage", stage), ("kind", kind), ("criminal", criminal)) if value is not None)
        for limit, offset in PAGES:
            listed = await call(client, "GET", f"/v1/cases?limit={limit}&offset={offset}"
                                f"{filters}", token(department, "officer"))
            assert [case["id"] for case in listed] == expected[offset:offset + limit], (
                department, filters, limit, offset)
    assert len(_expected(OWN, None, None, None)) > 30  # the pages above cut into it
