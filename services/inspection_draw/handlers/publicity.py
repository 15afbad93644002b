"""What everyone may read about a task's draws (一公开): its latest commitment (public from
the moment it is made, before the draw) and every draw ever made, redraws included, with
its commitment, strata, n/N and counts; the list of drawn objects only once the inspection
window opens (or for the departments of the plan)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.handlers.lookups import get_task
from services.inspection_draw.handlers.proofs import may_see_list
from services.inspection_draw.models import CommitmentRow, DrawRow, RedrawRequest
from shared.auth import Caller
from shared.errors import NotFound


async def latest_commitment(session: AsyncSession, task_id: str) -> CommitmentRow:
    await get_task(session, task_id)
    row = await session.scalar(select(CommitmentRow).where(CommitmentRow.task_id == task_id)
                               .order_by(CommitmentRow.sequence.desc()).limit(1))
    if row is None:
        raise NotFound("commitment", f"of task {task_id}", "the task has not been committed "
                       "to yet")
    return row


async def draw_list(session: AsyncSession, task_id: str, caller: Caller | None,
                    today: date) -> dict[str, Any]:
    """Every commitment and draw of the task, oldest first, and its redraw requests."""
    task = await get_task(session, task_id)
    shown = await may_see_list(session, task, caller, today)
    commitments = {c.id: c for c in await session.scalars(select(CommitmentRow).where(
        CommitmentRow.task_id == task_id).order_by(CommitmentRow.sequence))}
    draws = list(await session.scalars(select(DrawRow).where(DrawRow.task_id == task_id)
                                       .order_by(DrawRow.sequence, DrawRow.drawn_at)))
    rows = []
    for draw in draws:
        commitment = commitments[draw.commitment_id]
        selected = draw.result["selected"]
        rows.append({
            "draw_id": draw.id, "sequence": draw.sequence, "commitment_id": commitment.id,
            "commitment_hash": commitment.commitment_hash, "replaces": draw.replaces,
            "reason": draw.reason, "approved_by": draw.approved_by, "drawn_at": draw.drawn_at,
            "superseded_by": draw.superseded_by, "strata": draw.result["strata"],
            "selected_count": len(selected),
            "selected": selected if shown else None,
            "proof": f"/v1/draws/{draw.id}/proof" if shown else None})
    requests = list(await session.scalars(select(RedrawRequest).where(
        RedrawRequest.task_id == task_id).order_by(RedrawRequest.requested_at)))
    return {"task_id": task.id, "window_start": task.window_start, "list_public": shown,
            "commitments": [{"commitment_id": c.id, "sequence": c.sequence,
                             "commitment_hash": c.commitment_hash, "status": c.status,
                             "committed_at": c.committed_at, "reason": c.reason}
                            for c in commitments.values()],
            "draws": rows,
            "redraw_requests": [{"redraw_id": r.id, "reason": r.reason, "status": r.status,
                                 "requested_by": r.requested_by,
                                 "reviewed_by": r.reviewed_by} for r in requests]}
