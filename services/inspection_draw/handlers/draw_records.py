"""Persisting a draw: visits with their teams, this year's inspection history, the
exclusion log, and the ``inspection.draw.completed.v1`` announcement."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.inspectors import Assignment
from services.inspection_draw.domain.sampling import DrawResult
from services.inspection_draw.models import (
    CommitmentRow,
    DrawRow,
    ExclusionRow,
    InspectionHistory,
    Task,
    VisitRow,
)
from shared.contracts.inspection import DrawCompleted, StratumProbability

PLANNED, SUPERSEDED = "planned", "superseded"
EVENT_LIST_LIMIT = 20_000
"""The most USCCs one draw.completed event lists (about 0.4 MB; Kafka's default limit is 1 MB)."""


async def save_visits(session: AsyncSession, draw: DrawRow, task: Task, result: DrawResult,
                      assignment: Assignment) -> None:
    teams = dict(assignment.teams)
    prefix = uuid.uuid4().hex[:12]
    visits = [{"id": f"V-{prefix}-{i:07d}", "draw_id": draw.id, "task_id": task.id,
               "uscc": uscc, "inspectors": list(teams[uscc]), "status": PLANNED}
              for i, uscc in enumerate(result.selected)]
    if not visits:
        return
    await session.execute(insert(VisitRow.__table__), visits)
    if not task.key_area:  # a random inspection: counts for B/C's once a year
        year = task.window_start.year
        await session.execute(insert(InspectionHistory.__table__), [
            {"visit_id": v["id"], "uscc": v["uscc"], "year": year, "draw_id": draw.id}
            for v in visits])


async def save_exclusions(session: AsyncSession, draw_id: str, result: DrawResult,
                          assignment: Assignment) -> None:
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for uscc, reason in result.excluded:
        grouped[("object", reason)].append(uscc)
    for e in assignment.exclusions:
        grouped[("inspector", e.reason)].append(f"{e.uscc}/{e.inspector_id}")
    if grouped:
        await session.execute(insert(ExclusionRow.__table__), [
            {"draw_id": draw_id, "kind": kind, "reason": reason, "subjects": subjects}
            for (kind, reason), subjects in grouped.items()])


async def supersede(session: AsyncSession, old_draw_id: str, new_draw_id: str) -> None:
    await session.execute(update(DrawRow).where(DrawRow.id == old_draw_id)
                          .values(superseded_by=new_draw_id))
    await session.execute(update(VisitRow).where(VisitRow.draw_id == old_draw_id)
                          .values(status=SUPERSEDED))
    await session.execute(delete(InspectionHistory)
                          .where(InspectionHistory.draw_id == old_draw_id))


def completed_event(draw: DrawRow, task: Task, commitment: CommitmentRow, result: DrawResult,
                    replaced: str | None) -> DrawCompleted:
    return DrawCompleted.model_construct(
        draw_id=draw.id, task_id=task.id, plan_id=task.plan_id,
        commitment_hash=commitment.commitment_hash,
        selected=list(result.selected) if len(result.selected) <= EVENT_LIST_LIMIT else [],
        selected_count=len(result.selected),
        selected_complete=len(result.selected) <= EVENT_LIST_LIMIT,
        strata=[StratumProbability.model_construct(**codec.stratum_json(s))
                for s in result.strata],
        proof=f"/v1/draws/{draw.id}/proof", replaces=replaced,
        window_start=task.window_start, sequence=draw.sequence, reason=draw.reason)
