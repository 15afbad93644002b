"""This year's random inspections (抽查记录) across tasks and departments: B and C are
inspected at most once a calendar year (IN-3), a joint visit counting once.

Draws take one lock while they read and write the history (PostgreSQL: a transaction-level
advisory lock; SQLite: writers are serialised already), and a draw made from an older
commitment checks that none of its B/C objects was inspected by another task since.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from sqlalchemy import bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.models import InspectionHistory
from shared.errors import WrongState

HISTORY_LOCK = 0x6A67_6472  # "jgdr"
CHUNK = 500  # objects per statement
# which of some objects were randomly inspected in a year, other than by the draw
# ``ignore`` (a redraw's replaced one; "" when none)
INSPECTED_AMONG = select(InspectionHistory.uscc).where(
    InspectionHistory.year == bindparam("year"),
    InspectionHistory.uscc.in_(bindparam("usccs", expanding=True)),
    InspectionHistory.draw_id != bindparam("ignore"))


async def lock(session: AsyncSession, postgres: bool) -> None:
    """Serialise draws until the end of the transaction."""
    if postgres:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HISTORY_LOCK})


async def refuse_if_inspected_since(session: AsyncSession, prepared: PreparedRoster,
                                    selected: Sequence[str], year: int, rules: DrawRuleFile,
                                    ignore_draw: str | None) -> None:
    """409 if a drawn B/C object got this year's inspection after the roster snapshot.

    Only the drawn B/C objects are looked up (``INSPECTED_AMONG``, by the year's index):
    reading the whole year's history and keeping the drawn ones cost 15 ms a draw at
    50,000 inspections a year, however few the task drew."""
    once = {rule.grade for rule in rules.grades if rule.at_most_once_a_year}
    asked = [uscc for uscc in selected if prepared.strata[int(prepared.stratum_index[
        bisect_left(prepared.usccs, uscc)])].grade in once]
    seen: set[str] = set()
    for start in range(0, len(asked), CHUNK):
        seen.update(await session.scalars(INSPECTED_AMONG, {
            "year": year, "usccs": asked[start:start + CHUNK], "ignore": ignore_draw or ""}))
    hits = [uscc for uscc in asked if uscc in seen]
    if hits:
        raise WrongState(
            f"{len(hits)} drawn object(s), first {hits[0]}, were randomly inspected by another "
            f"task in {year} after this commitment; drawing them again breaks the once-a-year "
            "rule for grades B and C. Commit again with a reason (POST "
            "/v1/tasks/{id}/commitment) to snapshot the roster anew", objects=hits[:20])
