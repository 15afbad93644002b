"""The draw (随机抽取, IN-2, IN-3, IN-5, IN-6, IN-9): reveal the nonce, sample the committed
roster, assign inspectors, persist the visits and the exclusion log, announce the list.

Without an open commitment ``draw_task`` commits first (no beacon) and draws in the same
transaction. A redraw (with a reason) supersedes the task's current draw: its visits are
kept, marked superseded, and no longer count as this year's inspection.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.commitment import CommitmentError, DrawCommitment, seed
from services.inspection_draw.domain.inspectors import (
    Assignment,
    Conflict,
    InspectorShortage,
    Visit,
    assign_inspectors,
)
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.sampling import DrawError, DrawResult, draw
from services.inspection_draw.handlers import committing, draw_records, history
from services.inspection_draw.handlers.commands import DrawRequest
from services.inspection_draw.handlers.errors import (
    AlreadyDrawn,
    InspectorShortfall,
    NoEligibleObject,
)
from services.inspection_draw.handlers.lookups import new_id, own_task
from services.inspection_draw.handlers.snapshot import from_stored, gc_paused
from services.inspection_draw.models import CommitmentRow, DrawRow
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Unusable


@dataclass(frozen=True)
class Drawn:
    """A completed draw, its commitment, how many objects were excluded, what it replaced."""

    row: DrawRow
    commitment: CommitmentRow
    excluded: int
    replaces: str | None


async def draw_task(ctx: DrawContext, uow: UnitOfWork, task_id: str, request: DrawRequest,
                    caller: Caller) -> Drawn:
    """Draw ``task_id`` of the caller's department (``_draw_task``) without cyclic garbage
    collection (it makes ~10⁵ small objects)."""
    with gc_paused():
        return await _draw_task(ctx, uow, task_id, request, caller)


async def _draw_task(ctx: DrawContext, uow: UnitOfWork, task_id: str, request: DrawRequest,
                     caller: Caller) -> Drawn:
    session, actor = uow.session, actor_of(caller)
    beacon_value, reason = request.beacon_value, request.reason
    task, plan = await own_task(session, task_id, caller)
    await history.lock(session, ctx.postgres)
    row = await committing.open_commitment(uow, task.id)
    fresh = row is None
    if row is None:
        if beacon_value is not None:
            raise Unusable("beacon_value", "this task has no commitment naming a beacon; "
                           "commit first with POST /v1/tasks/{id}/commitment")
        made = await committing.commit_task(ctx, uow, task, plan, None, reason, actor=actor)
        await session.flush()
        row, commitment, prepared = made.row, made.commitment, made.prepared
    else:
        if task.current_draw_id and not (reason or row.reason):
            raise AlreadyDrawn(task.id, task.current_draw_id)
        commitment = codec.commitment_from(row.commitment, "commitment")
        prepared = ctx.roster_cache.take(row.id) or from_stored(row.roster)
    used_rules = DrawRuleFile.model_validate(row.rules)
    try:
        result = draw(prepared, commitment, row.nonce, beacon_value, used_rules)
    except CommitmentError as exc:
        raise Unusable("beacon_value", str(exc)) from exc
    except DrawError as exc:
        raise NoEligibleObject(task.id, str(exc)) from exc
    if not fresh and not task.key_area:
        await history.refuse_if_inspected_since(session, prepared, result.selected,
                                                commitment.parameters.year, used_rules,
                                                task.current_draw_id)
    seed_bytes = seed(commitment, row.nonce, beacon_value)
    assignment = assign(result, commitment, row, seed_bytes, used_rules)
    draw_row = DrawRow(
        id=new_id("D"), task_id=task.id, commitment_id=row.id, beacon_value=beacon_value,
        result={"selected": list(result.selected), "seed_hex": result.seed_hex,
                "strata": draw_records.strata_json(result)},
        assignment=draw_records.assignment_json(assignment), reason=reason or row.reason,
        superseded_by=None, drawn_by=actor, drawn_at=ctx.clock.now())
    session.add(draw_row)
    replaced = task.current_draw_id
    await session.flush()
    if replaced:
        await draw_records.supersede(session, replaced, draw_row.id)
    await draw_records.save_visits(session, draw_row, task, result, assignment)
    await draw_records.save_exclusions(session, draw_row.id, result, assignment)
    row.status = committing.REVEALED
    task.current_draw_id, task.status = draw_row.id, "drawn"
    uow.emit(draw_records.completed_event(draw_row, task, row, result, replaced),
             subject=task.id)
    await audit(uow, actor=actor, action="inspection.draw.completed", subject=task.id,
                detail={"draw_id": draw_row.id, "commitment_id": row.id,
                        "commitment_hash": row.commitment_hash, "nonce": row.nonce,
                        "beacon_value": beacon_value, "selected": len(result.selected),
                        "excluded": len(result.excluded), "replaces": replaced,
                        "reason": draw_row.reason})
    return Drawn(draw_row, row, len(result.excluded), replaced)


def assign(result: DrawResult, commitment: DrawCommitment, row: CommitmentRow, seed_bytes: bytes,
           rules: DrawRuleFile) -> Assignment:
    people = [codec.inspector_from(p, "inspectors") for p in row.inspectors]
    declared = [Conflict(c["inspector_id"], c["uscc"], c["reason"]) for c in row.conflicts]
    visits = [Visit(uscc, commitment.parameters.matters) for uscc in result.selected]
    try:
        return assign_inspectors(visits, people, declared, seed_bytes,
                                 rules.inspectors.min_per_visit)
    except InspectorShortage as exc:
        raise InspectorShortfall(exc.matter, exc.needed, exc.available, exc.uscc) from exc

