"""This year's random inspections (抽查记录) across tasks and departments: B and C are
inspected at most once a calendar year (IN-3), a joint visit counting once.

Draws take one lock while they read and write the history (PostgreSQL: a transaction-level
advisory lock; SQLite: writers are serialised already), and a draw made from an older
commitment checks that none of its B/C objects was inspected by another task since.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.models import InspectionHistory
from shared.errors import WrongState

HISTORY_LOCK = 0x6A67_6472  # "jgdr"


async def lock(session: AsyncSession, postgres: bool) -> None:
    """Serialise draws until the end of the transaction."""
    if postgres:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HISTORY_LOCK})


async def refuse_if_inspected_since(session: AsyncSession, prepared: PreparedRoster,
                                    selected: Sequence[str], year: int, rules: DrawRuleFile,
                                    ignore_draw: str | None) -> None:
    """409 if a drawn B/C object got this year's inspection after the roster snapshot."""
    query = select(InspectionHistory.uscc).where(InspectionHistory.year == year)
    if ignore_draw is not None:
        query = query.where(InspectionHistory.draw_id != ignore_draw)
    seen = set(await session.scalars(query))
    once = {rule.grade for rule in rules.grades if rule.at_most_once_a_year}
    hits = []
    for uscc in selected:
        if uscc in seen:
            row = bisect_left(prepared.usccs, uscc)
            if prepared.strata[int(prepared.stratum_index[row])].grade in once:
                hits.append(uscc)
    if hits:
        raise WrongState(
            f"{len(hits)} drawn object(s), first {hits[0]}, were randomly inspected by another "
            f"task in {year} after this commitment; drawing them again breaks the once-a-year "
            "rule for grades B and C. Commit again with a reason (POST "
            "/v1/tasks/{id}/commitment) to snapshot the roster anew", objects=hits[:20])
