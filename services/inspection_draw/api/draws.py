"""Draw routes (IN-2, IN-6): commit, draw, proof bundle, verification.

``POST /v1/tasks/{id}/commitment`` publishes the commitment (optionally naming a drand round
published after it); ``GET`` of it is public from then on. ``POST /v1/tasks/{id}/draw``
reveals the nonce and draws, with the round's signature if one was named. Without an open
commitment the draw commits (publishing the commitment first) and draws in one call, with
no beacon. The task's every draw, its proof bundle and the verification are public, the
list of drawn objects from the inspection window's first day (no tip-off).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.inspection_draw.api.deps import ContextDep, Identifier
from services.inspection_draw.bundle_schema import ProofBundleDocument
from services.inspection_draw.handlers import commitments, draws, joint_visits, proofs, publicity
from services.inspection_draw.handlers.commands import CommitmentRequest, DrawRequest
from services.inspection_draw.handlers.lookups import get_task
from services.inspection_draw.models import CommitmentRow
from services.inspection_draw.schemas import (
    CommitmentOut,
    DrawOut,
    TaskDrawsOut,
    VerificationOut,
    VisitOut,
)
from shared.access import Officer
from shared.auth import CallerDep, OptionalCallerDep
from shared.errors import DomainProblem
from shared.web.deps import ReaderDep, TodayDep, UnitOfWorkDep
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
    """A task's second commitment is a redraw: it needs an approved redraw request."""
    made = await commitments.commit_ahead(ctx, uow, task_id, body, caller)
    task = await get_task(uow.session, task_id)
    return _commitment_view(made.row, task.window_start)


@router.get("/tasks/{task_id}/commitment", response_model=CommitmentOut,
            responses=problems(404),
            summary="The task's latest commitment, public from the moment it is made")
async def read_commitment(task_id: Identifier, session: ReaderDep) -> CommitmentOut:
    row = await publicity.latest_commitment(session, task_id)
    return _commitment_view(row, (await get_task(session, task_id)).window_start)


@router.get("/tasks/{task_id}/draws", response_model=TaskDrawsOut, responses=problems(404),
            summary="Every draw ever made for the task (redraws included), the list once "
            "the inspection window opens")
async def task_draws(task_id: Identifier, caller: OptionalCallerDep, session: ReaderDep,
                     today: TodayDep) -> TaskDrawsOut:
    return TaskDrawsOut.model_validate(await publicity.draw_list(session, task_id, caller,
                                                                 today))


def _commitment_view(row: CommitmentRow, window_start: date) -> CommitmentOut:
    return CommitmentOut(commitment_id=row.id, task_id=row.task_id,
                         commitment_hash=row.commitment_hash, commitment=row.commitment,
                         objects=row.roster_count, sequence=row.sequence, status=row.status,
                         committed_at=row.committed_at, window_start=window_start,
                         strata=row.strata or [])


@router.post("/tasks/{task_id}/draw", status_code=201, response_model=DrawOut,
             responses=problems(400, 403, 404, 409, 503),
             summary="Reveal the nonce and draw objects and inspectors (a redraw needs an "
             "approved redraw request)")
async def draw(task_id: Identifier, caller: Officer, uow: UnitOfWorkDep, ctx: ContextDep,
               body: DrawRequest | None = None) -> DrawOut:
    done = await draws.draw_task(ctx, uow, task_id, body or DrawRequest(), caller)
    row = done.row
    return DrawOut(draw_id=row.id, task_id=task_id,
                   commitment_hash=done.commitment.commitment_hash, nonce=done.commitment.nonce,
                   selected=len(row.result["selected"]), strata=row.result["strata"],
                   excluded=done.excluded, replaces=done.replaces,
                   proof=f"/v1/draws/{row.id}/proof")


@router.get("/draws/{draw_id}/visits", response_model=list[VisitOut],
            responses=problems(404),
            summary="The visits of a draw with their inspectors and joint visits")
async def visits(draw_id: Identifier, caller: CallerDep, session: ReaderDep,
                 today: TodayDep) -> list[VisitOut]:
    """Before the inspection window opens, only for the departments of the task's plan."""
    await proofs.visible_draw(session, draw_id, caller, today)
    rows = await proofs.visits_of(session, draw_id)
    views = await joint_visits.views(session, rows)
    return [VisitOut(visit_id=v.id, uscc=v.uscc, inspectors=views[v.id].inspectors,
                     status=v.status, joint_visit=views[v.id].joint_visit,
                     matters=views[v.id].matters) for v in rows]


@router.get("/draws/{draw_id}/proof", response_model=ProofBundleDocument,
            responses=problems(404), summary="The whole proof bundle (抽查证明包) of a draw")
async def proof(draw_id: Identifier, caller: OptionalCallerDep, session: ReaderDep,
                today: TodayDep) -> Response:
    """The bundle as its canonical JSON text (sorted keys), byte for byte what
    ``jianguan draw verify`` and ``POST /v1/draws:verify`` re-run. Public from the day the
    inspection window opens; before it, only for the departments of the task's plan (403
    naming the day)."""
    draw = await proofs.visible_draw(session, draw_id, caller, today)
    bundle = await proofs.bundle_of(session, draw)
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
