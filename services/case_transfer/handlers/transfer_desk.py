"""The transfer desk (移送快速通道): the fast path of ``transfers.transfer``.

Transfers in flight are written in group commits (``shared.group_commit``): one
transaction reads every case of the batch and who may see it (under SQLite's write lock,
or with the case rows locked on PostgreSQL), checks each transfer as the slow path does
(visible, handled by the caller's department, a stage that allows it, no transfer
pending, a receiver that may take it), and writes the transfers, the deadlines, the
record steps, the audit entries and ``case.transferred.v1`` of
all of them at once, with one statement per table; each case's version is raised in
the statement that marks its transfer pending, and its event carries the new number.
A transfer the rules refuse gets its problem back and changes nothing; the others of
its batch go on. The answers and rows are the slow path's, which the tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from services.case_transfer.domain.deadlines import due_after
from services.case_transfer.domain.stages import Stage, Step, refusal
from services.case_transfer.domain.visibility import Parties, may_see
from services.case_transfer.handlers.commands import TransferOrder
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import check_receiver
from services.case_transfer.models import Case, CaseAccess, CaseDeadline, CaseStep, Transfer
from shared.access import actor_of
from shared.audit import AuditNote, record_many
from shared.auth import Caller
from shared.bulk_rows import insert_rows
from shared.clock import china_day
from shared.contracts.case import CaseTransferred
from shared.db import Database
from shared.errors import DomainProblem, NotFound, NotYourDepartment, WrongState
from shared.group_commit import GroupCommit
from shared.ids import new_ids
from shared.observability import current_traceparent

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext

_cases, _access, _transfers = Case.__table__, CaseAccess.__table__, Transfer.__table__
_CASE_STATE = select(_cases.c.id, _cases.c.stage, _cases.c.department, _cases.c.opened_by,
                     _cases.c.pending_transfer_id, _cases.c.criminal_state, _cases.c.version)
_MARK_PENDING = (update(_cases).where(_cases.c.id == bindparam("case_id"))
                 .values(pending_transfer_id=bindparam("transfer_id"),
                         updated_at=bindparam("at"), version=_cases.c.version + 1))


@dataclass(frozen=True)
class TransferRequest:
    """One transfer waiting for its group commit."""

    ctx: CaseTransferContext
    case_id: str
    order: TransferOrder
    caller: Caller
    at: datetime
    traceparent: str | None


class TransferDesk:
    """The transfer desk of one app: checks and writes transfers in group commits."""

    def __init__(self, db: Database, max_batch: int = 256) -> None:
        self.database = db
        self._group: GroupCommit[TransferRequest, dict[str, Any] | DomainProblem] = \
            GroupCommit(self._write, max_batch)

    @property
    def batches(self) -> int:
        return self._group.batches

    async def transfer(self, ctx: CaseTransferContext, case_id: str, order: TransferOrder,
                       caller: Caller, at: datetime) -> dict[str, Any]:
        """The stored transfer (as ``TransferView`` fields), or the problem raised."""
        request = TransferRequest(ctx, case_id, order, caller, at, current_traceparent())
        answer = await self._group.submit(request)
        if isinstance(answer, DomainProblem):
            raise answer
        return answer

    async def _write(self, batch: Sequence[TransferRequest]
                     ) -> list[dict[str, Any] | DomainProblem]:
        ctx = batch[0].ctx
        ids = sorted({request.case_id for request in batch})
        async with self.database.unit_of_work() as uow:
            session = uow.session
            query = _CASE_STATE.where(_cases.c.id.in_(ids))
            if not self.database.sqlite:
                query = query.with_for_update()
            cases = {row.id: dict(row._mapping) for row in await session.execute(query)}
            shared: dict[str, set[str]] = {case_id: set() for case_id in ids}
            for case_id, department in await session.execute(
                    select(_access.c.case_id, _access.c.department)
                    .where(_access.c.case_id.in_(ids))
                    .union_all(select(_transfers.c.case_id, _transfers.c.to_department)
                               .where(_transfers.c.case_id.in_(ids)))):
                shared[case_id].add(department)
            answers: list[dict[str, Any] | DomainProblem] = []
            rows: dict[str, list] = {"transfers": [], "deadlines": [], "steps": [],
                                     "cases": []}
            events, traceparents, notes = [], [], []
            fresh = iter(new_ids(2 * len(batch)))
            for request in batch:
                try:
                    case = _checked(ctx, request, cases.get(request.case_id), shared)
                except DomainProblem as problem:
                    answers.append(problem)
                    continue
                transfer_id, deadline_id = next(fresh), next(fresh)
                written = _rows(ctx, request, case, transfer_id, deadline_id, shared)
                for table, row in written.items():
                    rows[table].append(row)
                case["pending_transfer_id"] = transfer_id
                case["version"] += 1  # raised by _MARK_PENDING: the case row is locked
                events.append(CaseTransferred.model_construct(  # checked values
                    transfer_id=transfer_id, case_id=case["id"],
                    from_department=case["department"],
                    to_department=request.order.to_department,
                    cross_region=written["transfers"][4],
                    transferred_on=china_day(request.at), due_on=written["transfers"][9],
                    version=case["version"]))
                traceparents.append(request.traceparent)
                notes.append(AuditNote(actor_of(request.caller), "case.transferred",
                                       case["id"], {"stage": case["stage"],
                                                    "department": request.caller.dept,
                                                    "to_department": request.order.to_department,
                                                    "transfer_id": transfer_id}))
                answers.append(_view(written["transfers"]))
            if events:
                await _store(uow.session, rows)
                uow.emit_many(events, traceparents)
                await record_many(uow, notes)
        return answers


def _checked(ctx: CaseTransferContext, request: TransferRequest, case: dict[str, Any] | None,
             shared: dict[str, set[str]]) -> dict[str, Any]:
    """The case, if this transfer may go ahead; the slow path's problems otherwise."""
    caller, target = request.caller, request.order.to_department
    if case is None or not may_see(caller.dept, Parties(
            case["department"], case["opened_by"], frozenset(shared[case["id"]]),
            case["criminal_state"] is not None), ctx.rules.judicial.procuratorate):
        raise NotFound("case", request.case_id, "check the id; a department sees only the "
                       "cases it opened or handles and those transferred to or shared "
                       "with it")
    if caller.dept != case["department"]:
        raise NotYourDepartment(caller.dept, case["department"], f"case {case['id']}",
                                "only the department handling it takes this step")
    why = refusal(Step.TRANSFER, Stage(case["stage"]),
                  transfer_pending=case["pending_transfer_id"] is not None)
    if why is not None:
        raise WrongState(why, step=Step.TRANSFER.value, stage=case["stage"])
    check_receiver(ctx, case, target)
    return case


_TRANSFER = ("id", "case_id", "from_department", "to_department", "cross_region", "reasons",
             "attachments", "status", "sent_at", "due_on")
_DEADLINE = ("id", "case_id", "kind", "subject_id", "department", "supervisor", "opened_at",
             "due_at", "due_on")
_STEP = ("case_id", "step", "at", "department", "actor", "note", "documents")


def _rows(ctx: CaseTransferContext, request: TransferRequest, case: dict[str, Any],
          transfer_id: str, deadline_id: str, shared: dict[str, set[str]]
          ) -> dict[str, Any]:
    """The rows one transfer writes (in the column orders above), as the slow path does."""
    order, at, departments = request.order, request.at, ctx.reference.departments
    case_id, target = case["id"], order.to_department
    cross_region = departments[case["department"]].region != departments[target].region
    deadlines = ctx.rules.deadlines
    due = due_after(at, deadlines.transfer_acceptance_cross_region if cross_region
                    else deadlines.transfer_acceptance)
    attachments = documents_json(order.attachments)
    shared[case_id].add(target)  # the receiver sees the case by its transfer
    return {
        "transfers": (transfer_id, case_id, case["department"], target, cross_region,
                      order.reasons, attachments, "pending", at, due.due_on),
        "deadlines": (deadline_id, case_id, "transfer_acceptance", transfer_id, target,
                      ctx.rules.supervision.administrative, at, due.due_at, due.due_on),
        "steps": (case_id, "transferred", at, request.caller.dept,
                  actor_of(request.caller)[:200], order.reasons, attachments or None),
        "cases": {"case_id": case_id, "transfer_id": transfer_id, "at": at},
    }


async def _store(session, rows: dict[str, list]) -> None:  # type: ignore[no-untyped-def]
    await insert_rows(session, Transfer.__table__, _TRANSFER, rows["transfers"])
    await insert_rows(session, CaseDeadline.__table__, _DEADLINE, rows["deadlines"])
    await insert_rows(session, CaseStep.__table__, _STEP, rows["steps"])
    await session.execute(_MARK_PENDING, rows["cases"])


def _view(row: tuple) -> dict[str, Any]:
    """The answer (``TransferView`` fields) of a transfer row."""
    return {**dict(zip(_TRANSFER, row, strict=True)), "answered_at": None,
            "answer_reason": None}
