"""The draw (随机抽取, IN-2, IN-3, IN-5, IN-6, IN-9): reveal the nonce, sample the committed
roster, assign inspectors, persist the visits and the exclusion log, announce the list.

Without an open commitment ``draw_task`` commits first (no beacon; the commitment event is
emitted before the draw's) and draws in the same transaction. A commitment naming a drand
round is drawn only with that round's signature, checked against the chain. A redraw (a
commitment made with an approved redraw request) supersedes the task's current draw: its
visits are kept, marked superseded, and no longer count as this year's inspection; the
token that approved it may not draw it.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.beacon import (
    BeaconError,
    BeaconUnavailable,
    check_signature,
)
from services.inspection_draw.domain.commitment import CommitmentError, DrawCommitment, seed
from services.inspection_draw.domain.inspectors import (
    Assignment,
    InspectorShortage,
    Visit,
    assign_inspectors,
)
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.sampling import DrawError, DrawResult, draw
from services.inspection_draw.handlers import committing, draw_records, history, joint_visits
from services.inspection_draw.handlers.commands import DrawRequest
from services.inspection_draw.handlers.errors import InspectorShortfall, NoEligibleObject
from services.inspection_draw.handlers.lookups import new_id, own_task
from services.inspection_draw.handlers.redraw_approval import SameTokenReviewed
from services.inspection_draw.handlers.snapshot import from_stored, gc_paused
from services.inspection_draw.models import CommitmentRow, DrawRow, RedrawRequest
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import DomainProblem, Unusable


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
    beacon_value = request.beacon_value
    task, plan = await own_task(session, task_id, caller)
    await history.lock(session, ctx.postgres)
    row = await committing.open_commitment(uow, task.id)
    fresh = row is None
    if row is None:  # commit and draw in one call: no beacon; the commitment goes out first
        if beacon_value is not None:
            raise Unusable("beacon_value", "this task has no commitment naming a beacon; "
                           "commit first with POST /v1/tasks/{id}/commitment")
        made = await committing.commit_task(ctx, uow, task, plan, None, actor=actor)
        await session.flush()
        row, commitment, prepared = made.row, made.commitment, made.prepared
    else:
        commitment = codec.commitment_from(row.commitment, "commitment")
        prepared = ctx.roster_cache.take(row.id) or from_stored(row.roster)
    approval = None if row.redraw_id is None else await session.get(RedrawRequest,
                                                                    row.redraw_id)
    if approval is not None and approval.reviewed_by == actor:
        raise SameTokenReviewed(approval.id, actor)
    if commitment.beacon is not None:
        _check_beacon(commitment, beacon_value)
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
    replaced = task.current_draw_id
    draw_row = DrawRow(
        id=new_id("D"), task_id=task.id, commitment_id=row.id, beacon_value=beacon_value,
        result={k: v for k, v in codec.result_json(result).items() if k != "excluded"},
        assignment=codec.assignment_json(assignment),
        reason=row.reason, sequence=row.sequence, replaces=replaced,
        approved_by=None if approval is None else approval.reviewed_by,
        superseded_by=None, drawn_by=actor, drawn_at=ctx.clock.now())
    session.add(draw_row)
    await session.flush()
    if replaced:
        await draw_records.supersede(session, replaced, draw_row.id)
        await joint_visits.leave(session, replaced)
    await draw_records.save_visits(session, draw_row, task, result, assignment)
    await draw_records.save_exclusions(session, draw_row.id, result, assignment)
    await joint_visits.join(session, task, draw_row.id)
    row.status = committing.REVEALED
    task.current_draw_id, task.status = draw_row.id, "drawn"
    uow.emit(draw_records.completed_event(draw_row, task, row, result, replaced),
             subject=task.id)
    await audit(uow, actor=actor, action="inspection.draw.completed", subject=task.id,
                detail={"draw_id": draw_row.id, "commitment_id": row.id,
                        "commitment_hash": row.commitment_hash, "nonce": row.nonce,
                        "beacon_value": beacon_value, "selected": len(result.selected),
                        "excluded": len(result.excluded), "replaces": replaced,
                        "sequence": row.sequence, "reason": draw_row.reason})
    return Drawn(draw_row, row, len(result.excluded), replaced)


def _check_beacon(commitment: DrawCommitment, value: str | None) -> None:
    """The committed round's signature, checked against the chain (422 if it is not)."""
    beacon = commitment.beacon
    assert beacon is not None
    if value is None:
        raise Unusable("beacon_value", f"the commitment names round {beacon.round} of "
                       f"{beacon.source}; send that round's signature as beacon_value")
    try:
        check_signature(beacon.as_json(), value)
    except BeaconError as exc:
        raise Unusable("beacon_value", str(exc)) from exc
    except BeaconUnavailable as exc:
        raise DomainProblem(503, "Beacon check unavailable", str(exc),
                            "beacon-check-unavailable") from exc


def assign(result: DrawResult, commitment: DrawCommitment, row: CommitmentRow, seed_bytes: bytes,
           rules: DrawRuleFile) -> Assignment:
    people = [codec.inspector_from(p, "inspectors") for p in row.inspectors]
    declared = [codec.conflict_from(c, "conflicts") for c in row.conflicts]
    visits = [Visit(uscc, commitment.parameters.matters) for uscc in result.selected]
    try:
        return assign_inspectors(visits, people, declared, seed_bytes,
                                 rules.inspectors.min_per_visit)
    except InspectorShortage as exc:
        raise InspectorShortfall(exc.matter, exc.needed, exc.available, exc.uscc) from exc

