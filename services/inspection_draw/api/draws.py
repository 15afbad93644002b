"""Draw routes (IN-2, IN-6): commit, draw, proof bundle, verification.

``POST /v1/tasks/{id}/commitment`` publishes the commitment (with an optional beacon to be
supplied at the draw); ``POST /v1/tasks/{id}/draw`` reveals the nonce and draws. Without an
open commitment the draw commits and draws in one call (no beacon). The proof bundle and
its verification are public: anyone may re-run a published draw.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.inspection_draw.api.deps import ContextDep, Identifier
from services.inspection_draw.handlers import commitments, draws, proofs
from services.inspection_draw.handlers.commands import CommitmentRequest, DrawRequest
from services.inspection_draw.schemas import (
    CommitmentOut,
    DrawOut,
    ProofBundleDocument,
    VerificationOut,
    VisitOut,
)
from shared.access import Officer
from shared.auth import CallerDep
from shared.errors import DomainProblem
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
BUNDLE_SCHEMA = {"$ref": "#/components/schemas/ProofBundleDocument"}
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
"""The largest bundle verified here (a draw from a million objects makes ~100 MB)."""


@router.post("/tasks/{task_id}/commitment", status_code=201, response_model=CommitmentOut,
             responses=problems(400, 404, 409),
             summary="Snapshot the roster and publish the draw commitment (抽查承诺)")
async def commit(task_id: Identifier, body: CommitmentRequest, caller: Officer,
                 uow: UnitOfWorkDep, ctx: ContextDep) -> CommitmentOut:
    made = await commitments.commit_ahead(ctx, uow, task_id, body, caller)
    return CommitmentOut(commitment_id=made.row.id, task_id=task_id,
                         commitment_hash=made.row.commitment_hash,
                         commitment=made.commitment.as_json(), objects=made.row.roster_count)


@router.post("/tasks/{task_id}/draw", status_code=201, response_model=DrawOut,
             responses=problems(400, 404, 409),
             summary="Reveal the nonce and draw objects and inspectors (a redraw needs a reason)")
async def draw(task_id: Identifier, caller: Officer, uow: UnitOfWorkDep, ctx: ContextDep,
               body: DrawRequest | None = None) -> DrawOut:
    done = await draws.draw_task(ctx, uow, task_id, body or DrawRequest(), caller)
    row = done.row
    return DrawOut(draw_id=row.id, task_id=task_id,
                   commitment_hash=done.commitment.commitment_hash, nonce=done.commitment.nonce,
                   selected=len(row.result["selected"]), strata=row.result["strata"],
                   excluded=done.excluded, replaces=done.replaces,
                   proof=f"/v1/draws/{row.id}/proof")


@router.get("/draws/{draw_id}/visits", response_model=list[VisitOut], responses=problems(404),
            summary="The visits of a draw with their inspectors")
async def visits(draw_id: Identifier, _caller: CallerDep,
                 session: ReaderDep) -> list[VisitOut]:
    return [VisitOut(visit_id=v.id, uscc=v.uscc, inspectors=v.inspectors, status=v.status)
            for v in await proofs.visits_of(session, draw_id)]


@router.get("/draws/{draw_id}/proof", response_model=ProofBundleDocument,
            responses=problems(404), summary="The whole proof bundle (抽查证明包) of a draw")
async def proof(draw_id: Identifier, session: ReaderDep) -> Response:
    """The bundle as its canonical JSON text (sorted keys), byte for byte what
    ``jianguan draw verify`` and ``POST /v1/draws:verify`` re-run."""
    bundle = await proofs.bundle_of(session, draw_id)
    return Response(bundle.to_json(), media_type="application/json")


@router.post("/draws:verify", response_model=VerificationOut, responses=problems(413, 422),
             summary="Re-run a proof bundle: identical, or the first difference",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": BUNDLE_SCHEMA}}}})
async def verify(request: Request) -> VerificationOut:
    """The body is a bundle as ``GET /v1/draws/{id}/proof`` gives it; one that does not
    parse is a 422 naming the field."""
    verdict = proofs.verify_text(await _bundle_text(request))
    return VerificationOut(identical=verdict.identical,
                           first_difference=verdict.first_difference)


async def _bundle_text(request: Request) -> bytes:
    """The request body, refused (413) once it passes ``MAX_BUNDLE_BYTES``."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BUNDLE_BYTES:
            raise DomainProblem(413, "Bundle too large",
                                f"a proof bundle here is at most {MAX_BUNDLE_BYTES:,} bytes; "
                                "verify a larger one offline with jianguan draw verify",
                                "bundle-too-large")
        chunks.append(chunk)
    return b"".join(chunks)
