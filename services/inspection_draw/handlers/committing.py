"""The commitment step (抽查承诺, IN-2, IN-6) shared by committing ahead and by the one-call
draw: snapshot the task's roster, its inspectors and the rules, and store the commitment
(roster hash, parameters, versions, nonce hash, optional beacon).

The nonce stays in the database, secret, until the draw reveals it. A task already drawn
is committed again only with a recorded reason (a redraw); so is a task whose open
commitment is to be replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain.commitment import (
    BeaconRef,
    DrawCommitment,
    DrawParameters,
    MatterRef,
    commit,
    new_nonce,
)
from services.inspection_draw.domain.eligibility import eligibility, no_eligible_message
from services.inspection_draw.domain.plan import PUBLISHED
from services.inspection_draw.handlers import snapshot as snapshots
from services.inspection_draw.handlers.errors import (
    AlreadyDrawn,
    InspectorShortfall,
    NoEligibleObject,
)
from services.inspection_draw.handlers.lookups import new_id
from services.inspection_draw.models import (
    CommitmentRow,
    ConflictRow,
    InspectorRow,
    Plan,
    Task,
)
from shared.audit import record as audit
from shared.db import UnitOfWork
from shared.errors import WrongState

OPEN, REVEALED, REPLACED = "open", "revealed", "replaced"


@dataclass(frozen=True)
class Committed:
    row: CommitmentRow
    commitment: DrawCommitment
    prepared: snapshots.PreparedRoster


def parameters_of(task: Task) -> DrawParameters:
    return DrawParameters(task.id, tuple(MatterRef(m["code"], m["department"])
                                         for m in task.matters),
                          task.window_start.year, task.key_area, ratio=task.ratio,
                          size=task.size)


async def open_commitment(uow: UnitOfWork, task_id: str) -> CommitmentRow | None:
    return await uow.session.scalar(select(CommitmentRow).where(
        CommitmentRow.task_id == task_id, CommitmentRow.status == OPEN))


async def commit_task(ctx: DrawContext, uow: UnitOfWork, task: Task, plan: Plan,
                      beacon: BeaconRef | None, reason: str | None, *,
                      actor: str) -> Committed:
    """Commit to a draw of ``task`` (its plan's lead department was checked by the caller)."""
    session, rules = uow.session, ctx.rules
    if plan.status != PUBLISHED:
        raise WrongState(f"plan {plan.id} is {plan.status}; a task is drawn only once its plan "
                         "is filed and published", plan_status=plan.status)
    if task.current_draw_id and not reason:
        raise AlreadyDrawn(task.id, task.current_draw_id)
    pending = await open_commitment(uow, task.id)
    if pending is not None:
        if not reason:
            raise WrongState(f"task {task.id} has open commitment {pending.id}; draw it with "
                             "POST /v1/tasks/{id}/draw, or commit again with a reason",
                             commitment_id=pending.id)
        pending.status = REPLACED
    parameters = parameters_of(task)
    people = _team_pool(list(await session.scalars(
        select(InspectorRow).order_by(InspectorRow.inspector_id))), task)
    declared = list(await session.scalars(select(ConflictRow).order_by(
        ConflictRow.inspector_id, ConflictRow.uscc)))
    _check_pool(parameters, people, rules.inspectors.min_per_visit)
    snap = await snapshots.read_snapshot(session, task.population, parameters.year,
                                         ctx.postgres, ignore_draw=task.current_draw_id)
    eligible = eligibility(snap.prepared, parameters, rules)
    if not len(snap.prepared):
        raise NoEligibleObject(task.id, "no object in the roster matches the population filter "
                               f"{task.population}")
    if not eligible.mask.any():
        raise NoEligibleObject(task.id, no_eligible_message(eligible.excluded))
    nonce = new_nonce()
    commitment = commit(snap.prepared.roster_hash, parameters, rules.version,
                        rules.algorithm_version, nonce, beacon)
    scope = set(snap.prepared.usccs) if declared else set()
    row = CommitmentRow(
        id=new_id("C"), task_id=task.id, commitment=commitment.as_json(),
        commitment_hash=commitment.commitment_hash(), nonce=nonce,
        roster_count=len(snap.prepared), roster=snap.compressed, inspectors=people,
        conflicts=[{"inspector_id": c.inspector_id, "uscc": c.uscc, "reason": c.reason}
                   for c in declared if c.uscc in scope],
        rules=rules.model_dump(mode="json"), status=OPEN, reason=reason,
        committed_at=ctx.clock.now())
    session.add(row)
    await audit(uow, actor=actor, action="inspection.draw.committed", subject=task.id,
                detail={"commitment_id": row.id, "commitment_hash": row.commitment_hash,
                        "roster_hash": commitment.roster_hash, "objects": row.roster_count,
                        "reason": reason, "beacon": commitment.as_json()["beacon"]})
    return Committed(row, commitment, snap.prepared)


def _team_pool(rows: list[InspectorRow], task: Task) -> list[dict[str, Any]]:
    departments = {m["department"] for m in task.matters}
    return [{"inspector_id": r.inspector_id, "department": r.department,
             "certificate": r.certificate, "matters": sorted(r.matters), "active": r.active}
            for r in rows if r.department in departments]


def _check_pool(parameters: DrawParameters, people: list[dict[str, Any]], minimum: int) -> None:
    """Before committing: enough qualified inspectors for a visit, ignoring conflicts."""
    ready = [p for p in people if p["active"] and p["certificate"]]
    qualified = []
    for department in sorted({m.department for m in parameters.matters}):
        codes = {m.code for m in parameters.matters if m.department == department}
        own = [p for p in ready if p["department"] == department and codes <= set(p["matters"])]
        if not own:
            raise InspectorShortfall(sorted(codes)[0], 1, 0, "each drawn object")
        qualified += own
    if len(qualified) < minimum:
        codes = ",".join(sorted(m.code for m in parameters.matters))
        raise InspectorShortfall(codes, minimum, len(qualified), "each drawn object")
