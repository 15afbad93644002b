"""Draw routes (IN-2, IN-6): commit, draw, proof bundle, verification.

``POST /v1/tasks/{id}/commitment`` publishes the commitment (with an optional beacon to be
supplied at the draw); ``POST /v1/tasks/{id}/draw`` reveals the nonce and draws. Without an
open commitment the draw commits and draws in one call (no beacon).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.inspection_draw.api.deps import DrawRulesDep, PostgresDep, RosterCacheDep, actor
from services.inspection_draw.domain.commitment import BeaconRef
from services.inspection_draw.handlers import commitments, draws, proofs
from services.inspection_draw.schemas import (
    CommitIn,
    CommitmentOut,
    DrawIn,
    DrawOut,
    VerificationOut,
    VisitOut,
)
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


@router.post("/tasks/{task_id}/commitment", status_code=201, response_model=CommitmentOut,
             summary="Snapshot the roster and publish the draw commitment (抽查承诺)")
async def commit(task_id: str, body: CommitIn, caller: CallerDep, uow: UnitOfWorkDep,
                 rules: DrawRulesDep, cache: RosterCacheDep, pg: PostgresDep) -> CommitmentOut:
    beacon = None if body.beacon is None else BeaconRef(body.beacon.source, body.beacon.round)
    made = await commitments.commit_task(uow, rules, task_id, caller.dept, beacon, body.reason,
                                         actor=actor(caller), postgres=pg)
    uow.after_commit(lambda: cache.put(made.row.id, made.prepared))
    return CommitmentOut(commitment_id=made.row.id, task_id=task_id,
                         commitment_hash=made.row.commitment_hash,
                         commitment=made.commitment.as_json(), objects=made.row.roster_count)


@router.post("/tasks/{task_id}/draw", status_code=201, response_model=DrawOut,
             summary="Reveal the nonce and draw objects and inspectors (a redraw needs a reason)")
async def draw(task_id: str, caller: CallerDep, uow: UnitOfWorkDep, outbox: OutboxDep,
               rules: DrawRulesDep, cache: RosterCacheDep, pg: PostgresDep,
               body: DrawIn | None = None) -> DrawOut:
    body = body or DrawIn()
    done = await draws.draw_task(uow, outbox, rules, cache, task_id, caller.dept,
                                 body.beacon_value, body.reason, actor=actor(caller), postgres=pg)
    row = done.row
    return DrawOut(draw_id=row.id, task_id=task_id,
                   commitment_hash=done.commitment.commitment_hash, nonce=done.commitment.nonce,
                   selected=len(row.result["selected"]), strata=row.result["strata"],
                   excluded=done.excluded, replaces=done.replaces,
                   proof=f"/v1/draws/{row.id}/proof")


@router.get("/draws/{draw_id}/visits", response_model=list[VisitOut],
            summary="The visits of a draw with their inspectors")
async def visits(draw_id: str, _caller: CallerDep, session: ReaderDep) -> list[VisitOut]:
    return [VisitOut(visit_id=v.id, uscc=v.uscc, inspectors=v.inspectors, status=v.status)
            for v in await proofs.visits_of(session, draw_id)]


@router.get("/draws/{draw_id}/proof", summary="The whole proof bundle (抽查证明包) of a draw",
            response_class=Response,
            responses={200: {"content": {"application/json": {}}}})
async def proof(draw_id: str, session: ReaderDep) -> Response:
    bundle = await proofs.bundle_of(session, draw_id)
    return Response(bundle.to_json(), media_type="application/json")


@router.post("/draws:verify", response_model=VerificationOut,
             summary="Re-run a proof bundle: identical, or the first difference",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}}}}})
async def verify(request: Request) -> VerificationOut:
    verdict = proofs.verify_text(await request.body())
    return VerificationOut(identical=verdict.identical,
                           first_difference=verdict.first_difference)
