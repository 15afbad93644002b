"""The proof bundle (抽查证明包) of a stored draw, the verification of any bundle, and who
may see a draw's list before its inspection window opens (no tip-off, 不得提前泄露).

Before the window opens only the departments of the task's plan see the list, the visits
and the bundle; everyone sees the commitment, the strata with n/N and the counts
(``GET /v1/tasks/{id}/commitment`` and ``/draws``). From the window's first day on, all of
it is public.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.proof import (
    BundleError,
    DrawInfo,
    ProofBundle,
    Verification,
    verify,
)
from services.inspection_draw.domain.sampling import DrawResult, Exclusion
from services.inspection_draw.handlers.errors import BadBundle
from services.inspection_draw.handlers.lookups import get_draw, get_plan, get_task
from services.inspection_draw.handlers.snapshot import lines_of
from services.inspection_draw.models import CommitmentRow, DrawRow, ExclusionRow, Task, VisitRow
from shared.auth import Caller
from shared.errors import DomainProblem


class NotPublicYet(DomainProblem):
    """A draw's list asked for before its inspection window opens (403)."""

    def __init__(self, draw_id: str, opens: date) -> None:
        super().__init__(403, "Not public yet",
                         f"the list of draw {draw_id} is public from {opens.isoformat()}, when "
                         "the inspection window opens; until then the commitment, strata and "
                         "counts are (GET /v1/tasks/{id}/draws)", "not-public-yet",
                         public_from=opens.isoformat())


async def may_see_list(session: AsyncSession, task: Task, caller: Caller | None,
                       today: date) -> bool:
    """Whether ``caller`` may see the task's drawn list today."""
    if today >= task.window_start:
        return True
    if caller is None:
        return False
    return caller.dept in (await get_plan(session, task.plan_id)).departments


async def visible_draw(session: AsyncSession, draw_id: str, caller: Caller | None,
                       today: date) -> DrawRow:
    """The draw, if its list is visible to ``caller`` (404, or 403 before the window)."""
    draw = await get_draw(session, draw_id)
    task = await get_task(session, draw.task_id)
    if not await may_see_list(session, task, caller, today):
        raise NotPublicYet(draw_id, task.window_start)
    return draw


async def bundle_of(session: AsyncSession, draw: DrawRow) -> ProofBundle:
    """Everything anyone needs to re-run ``draw``."""
    row = await session.get(CommitmentRow, draw.commitment_id)
    assert row is not None
    excluded = sorted(
        (Exclusion(uscc, e.reason) for e in await session.scalars(
            select(ExclusionRow).where(ExclusionRow.draw_id == draw.id,
                                       ExclusionRow.kind == "object"))
         for uscc in e.subjects), key=lambda x: x.uscc)
    result = codec.result_from({**draw.result, "excluded": [
        {"uscc": e.uscc, "reason": e.reason} for e in excluded]}, "result")
    return ProofBundle(
        draw=DrawInfo(draw.id, draw.task_id, draw.sequence, draw.replaces, draw.reason),
        commitment=codec.commitment_from(row.commitment, "commitment"),
        commitment_hash=row.commitment_hash, nonce=row.nonce, beacon_value=draw.beacon_value,
        roster=lines_of(row.roster), rules_document=row.rules,
        inspectors_document=tuple(row.inspectors), conflicts_document=tuple(row.conflicts),
        result=DrawResult(result.selected, result.strata, result.excluded, result.seed_hex),
        assignment=codec.assignment_from(draw.assignment, "assignment"))


def verify_text(text: bytes | str) -> Verification:
    """Parse and re-run a bundle; one that does not parse raises ``BadBundle``."""
    try:
        return verify(ProofBundle.from_json(text))
    except BundleError as exc:
        raise BadBundle(exc.field, exc.problem) from exc


async def visits_of(session: AsyncSession, draw_id: str) -> list[VisitRow]:
    return list(await session.scalars(select(VisitRow).where(VisitRow.draw_id == draw_id)
                                      .order_by(VisitRow.uscc)))
