"""The commitment step (抽查承诺, IN-2, IN-6) shared by committing ahead and by the one-call
draw: snapshot the task's roster, its inspector pool and the rules, store the commitment
(roster hash, rules hash, pool hash, parameters, versions, nonce hash, optional beacon round,
sequence and redraw) and publish it (``inspection.draw.committed.v1``) before any draw.

The nonce stays in the database, secret, until the draw reveals it. A task's first
commitment needs nothing more; every later one (重新抽取, whether the task was drawn or an
open commitment is replaced) uses a redraw request a reviewer approved (``redraw_approval``),
at most ``redraws.max_per_task`` times.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain import commitment as commitments
from services.inspection_draw.domain.commitment import (
    BeaconRef,
    DrawCommitment,
    DrawParameters,
    MatterRef,
    Redraw,
    new_nonce,
)
from services.inspection_draw.domain.plan import PUBLISHED
from services.inspection_draw.domain.sampling import DrawError, expected_strata
from services.inspection_draw.domain.strata import UnknownRiskLevel, fraction_text
from services.inspection_draw.handlers import snapshot as snapshots
from services.inspection_draw.handlers.errors import InspectorShortfall, NoEligibleObject
from services.inspection_draw.handlers.lookups import new_id
from services.inspection_draw.handlers.redraw_approval import take_approved
from services.inspection_draw.models import CommitmentRow, ConflictRow, InspectorRow, Plan, Task
from shared.audit import record as audit
from shared.contracts.inspection import DrawCommitted, StratumProbability
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


async def latest_commitment(uow: UnitOfWork, task_id: str) -> CommitmentRow | None:
    return await uow.session.scalar(select(CommitmentRow).where(
        CommitmentRow.task_id == task_id).order_by(CommitmentRow.sequence.desc()).limit(1))


async def commit_task(ctx: DrawContext, uow: UnitOfWork, task: Task, plan: Plan,
                      beacon: BeaconRef | None, *, actor: str) -> Committed:
    """Commit to a draw of ``task`` (its plan's lead department was checked by the caller)
    and publish the commitment."""
    session, rules = uow.session, ctx.rules
    if plan.status != PUBLISHED:
        raise WrongState(f"plan {plan.id} is {plan.status}; a task is drawn only once its plan "
                         "is filed and published", plan_status=plan.status)
    earlier = await session.scalar(select(func.count()).select_from(CommitmentRow).where(
        CommitmentRow.task_id == task.id)) or 0
    redraw, approval = None, None
    if earlier:
        latest = await latest_commitment(uow, task.id)
        assert latest is not None
        approval = await take_approved(uow, task, actor, rules.redraws.max_per_task, earlier)
        redraw = Redraw(latest.id, task.current_draw_id, approval.reason)
        if latest.status == OPEN:
            latest.status = REPLACED
    parameters = parameters_of(task)
    people = _team_pool(list(await session.scalars(
        select(InspectorRow).order_by(InspectorRow.inspector_id))), task)
    _check_pool(parameters, people, rules.inspectors.min_per_visit)
    snap = await snapshots.read_snapshot(session, task.population, parameters.year,
                                         ctx.postgres, ignore_draw=task.current_draw_id)
    if not len(snap.prepared):
        raise NoEligibleObject(task.id, "no object in the roster matches the population filter "
                               f"{task.population}")
    try:
        strata = expected_strata(snap.prepared, parameters, rules)
    except (DrawError, UnknownRiskLevel) as exc:
        raise NoEligibleObject(task.id, str(exc)) from exc
    conflicts = await _declarations(uow, snap.prepared.usccs)
    row_id, nonce, now = new_id("C"), new_nonce(), ctx.clock.now()
    commitment = commitments.commit(
        snap.prepared.roster_hash, parameters, rule_version=rules.version,
        rules_hash=commitments.rules_hash(rules.model_dump(mode="json")),
        inspector_pool_hash=commitments.inspector_pool_hash(people, conflicts),
        algorithm_version=rules.algorithm_version, nonce=nonce,
        committed_at=now.isoformat(timespec="seconds"), sequence=earlier + 1, redraw=redraw,
        beacon=beacon)
    published = [StratumProbability(
        grade=s.grade, risk=s.risk, no_penalty_3y=s.no_penalty_3y, population=n,
        sample_size=0, probability=f"0/{n}", expected_size=fraction_text(x),
        inclusion_probability=fraction_text(x / n)) for s, (n, x) in strata.items()]
    row = CommitmentRow(
        id=row_id, task_id=task.id, commitment=commitment.as_json(),
        commitment_hash=commitment.commitment_hash(), nonce=nonce,
        roster_count=len(snap.prepared), roster=snap.compressed, inspectors=people,
        conflicts=conflicts, rules=rules.model_dump(mode="json"), status=OPEN,
        reason=None if redraw is None else redraw.reason, committed_at=now,
        sequence=earlier + 1, strata=[s.model_dump() for s in published],
        redraw_id=None if approval is None else approval.id)
    session.add(row)
    if approval is not None:
        approval.commitment_id = row.id
    uow.emit(DrawCommitted(
        commitment_id=row.id, task_id=task.id, plan_id=plan.id,
        commitment_hash=row.commitment_hash, commitment=row.commitment, sequence=row.sequence,
        replaces_draw=None if redraw is None else redraw.replaces_draw, reason=row.reason,
        objects=row.roster_count, strata=published, window_start=task.window_start),
        subject=task.id)
    await audit(uow, actor=actor, action="inspection.draw.committed", subject=task.id,
                detail={"commitment_id": row.id, "commitment_hash": row.commitment_hash,
                        "roster_hash": commitment.roster_hash, "objects": row.roster_count,
                        "sequence": row.sequence, "reason": row.reason,
                        "redraw_id": row.redraw_id, "beacon": commitment.as_json()["beacon"]})
    return Committed(row, commitment, snap.prepared)


async def _declarations(uow: UnitOfWork, usccs: Sequence[str]) -> list[dict[str, str]]:
    """The declared conflicts for objects of the snapshot (``usccs``, sorted), as their
    salted hashes (a declaration without a salt yet gets one now)."""
    declared = []
    for c in await uow.session.scalars(select(ConflictRow).order_by(
            ConflictRow.inspector_id, ConflictRow.uscc)):
        at = bisect_left(usccs, c.uscc)
        if at == len(usccs) or usccs[at] != c.uscc:
            continue
        if c.salt is None:
            c.salt = commitments.new_salt()
        declared.append({"inspector_id": c.inspector_id, "uscc": c.uscc,
                         "declaration_hash": commitments.declaration_hash(
                             c.inspector_id, c.uscc, c.reason, c.salt)})
    return declared


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
