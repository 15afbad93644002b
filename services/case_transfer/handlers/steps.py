"""Steps every case use case takes (办案步骤): find the case the caller may see or must
handle, check the step is allowed now, leave the record step and the audit entry, share
the case with a department, and open or meet a deadline (督办事项)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_transfer.domain.deadlines import Due
from services.case_transfer.domain.stages import Stage, Step, refusal
from services.case_transfer.domain.visibility import Parties, may_see
from services.case_transfer.models import Case, CaseAccess, CaseDeadline, CaseStep, Transfer
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable, WrongState
from shared.ids import new_id

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def shared_with(session: AsyncSession, case_id: str) -> frozenset[str]:
    """The departments the case was transferred to (its transfers) or shared with (its
    access rows: joint action, 协查, the police, a supervisor)."""
    rows = await session.scalars(
        select(CaseAccess.department).where(CaseAccess.case_id == case_id)
        .union(select(Transfer.to_department).where(Transfer.case_id == case_id)))
    return frozenset(rows)


async def visible_case(ctx: CaseTransferContext, session: AsyncSession, case_id: str,
                       caller: Caller, *, lock: bool = False) -> Case:
    """The case, if the caller's department may see it; else 404 (unknown to it)."""
    case = await session.get(Case, case_id, with_for_update=lock or None)
    if case is not None and may_see(caller.dept, Parties(
            case.department, case.opened_by, await shared_with(session, case_id),
            case.criminal_state is not None), ctx.rules.judicial.procuratorate):
        return case
    raise NotFound("case", case_id, "check the id; a department sees only the cases it "
                   "opened or handles and those transferred to or shared with it")


async def handled_case(ctx: CaseTransferContext, session: AsyncSession, case_id: str,
                       caller: Caller, step: Step | None = None) -> Case:
    """The case (locked), if the caller's department handles it (403 if it only sees
    it), and ``step`` is allowed at its stage (409 naming the step)."""
    case = await visible_case(ctx, session, case_id, caller, lock=True)
    ensure_owner(caller, case.department, f"case {case_id}",
                 "only the department handling it takes this step")
    if step is not None:
        check_step(case, step)
    return case


def check_step(case: Case, step: Step) -> None:
    """409 unless ``step`` is allowed on ``case`` now (``domain.stages``)."""
    why = refusal(step, Stage(case.stage), transfer_pending=case.pending_transfer_id is not None)
    if why is not None:
        raise WrongState(why, step=step.value, stage=case.stage)


def check_open(case: Case, step: str) -> None:
    """409 unless the case is still open (not concluded, not a dropped clue)."""
    if case.stage in (Stage.CONCLUDED, Stage.DROPPED):
        raise WrongState(f"{step}: the case is {case.stage} ({Stage(case.stage).chinese}); "
                         "nothing more happens to it", step=step, stage=case.stage)


def check_investigators(ctx: CaseTransferContext, officers: list[str] | None,
                        field: str = "investigators") -> list[str]:
    """The distinct officers, at least the rules' minimum (执法人员不少于两人), else 422."""
    distinct = sorted(set(officers or ()))
    needed = ctx.rules.criminal_transfer.min_officers
    if len(distinct) < needed:
        raise Unusable(field, f"at least {needed} officers must be on a case (执法人员不少于"
                       f"{needed}人); {len(distinct)} named", "too-few-officers")
    return distinct


async def record_step(uow: UnitOfWork, case: Case, step: str, caller: Caller | str,
                      at: datetime, *, note: str | None = None,
                      officers: list[str] | None = None,
                      documents: list[dict[str, Any]] | None = None,
                      department: str | None = None, detail: dict[str, Any] | None = None
                      ) -> None:
    """One step of the full-process record (全过程记录) and its audit entry."""
    actor = caller if isinstance(caller, str) else actor_of(caller)
    dept = department or (case.department if isinstance(caller, str) else caller.dept)
    uow.session.add(CaseStep(case_id=case.id, step=step, at=at, department=dept,
                             actor=actor[:200], officers=officers, note=note,
                             documents=documents or None))
    case.updated_at = at
    await audit(uow, actor=actor[:200], action=f"case.{step}", subject=case.id,
                detail={"stage": case.stage, "department": dept, **(detail or {})})


async def share(session: AsyncSession, case_id: str, department: str, reason: str,
                at: datetime) -> None:
    """Let ``department`` see the case from now on (no-op if it already may)."""
    if await session.get(CaseAccess, (case_id, department)) is None:
        session.add(CaseAccess(case_id=case_id, department=department, reason=reason,
                               since=at))


def open_deadline(session: AsyncSession, case_id: str, kind: str, subject_id: str,
                  department: str, supervisor: str, due: Due, at: datetime) -> None:
    """A step ``department`` owes by ``due``; escalated to ``supervisor`` if unmet."""
    session.add(CaseDeadline(id=new_id(), case_id=case_id, kind=kind, subject_id=subject_id,
                             department=department, supervisor=supervisor, opened_at=at,
                             due_at=due.due_at, due_on=due.due_on))


async def meet_deadline(session: AsyncSession, kind: str, subject_id: str, at: datetime,
                        department: str | None = None) -> bool:
    """Mark the open deadline met; whether it was met late (``False`` if none open)."""
    query = select(CaseDeadline).where(CaseDeadline.kind == kind,
                                       CaseDeadline.subject_id == subject_id,
                                       CaseDeadline.met_at.is_(None))
    if department is not None:
        query = query.where(CaseDeadline.department == department)
    row = (await session.scalars(query.limit(1))).first()
    if row is None:
        return False
    row.met_at = at
    return at >= row.due_at


async def close_deadlines(session: AsyncSession, case_id: str, at: datetime) -> None:
    """Every open deadline of the case ends with it (结案, 不予立案)."""
    await session.execute(update(CaseDeadline).where(
        CaseDeadline.case_id == case_id, CaseDeadline.met_at.is_(None)).values(met_at=at))


def check_receiver(ctx: CaseTransferContext, case: Case | dict[str, Any], target: str) -> None:
    """422 unless ``target`` may receive a transfer of the case: a listed department,
    not the one handling it, not a judicial organ (行刑衔接 goes its own way)."""
    known_department(ctx, target, "to_department")
    holder = case["department"] if isinstance(case, dict) else case.department
    if target == holder:
        raise Unusable("to_department", "the case is already with that department",
                       "same-department")
    judicial = ctx.rules.judicial
    if target in (*judicial.police, *judicial.procuratorate):
        case_id = case["id"] if isinstance(case, dict) else case.id
        raise Unusable("to_department", f"{target} is a judicial organ: a suspected crime "
                       "goes to the police through 行刑衔接 "
                       f"(POST /v1/cases/{case_id}/police-transfer)", "judicial-organ")


def known_department(ctx: CaseTransferContext, code: str, field: str) -> None:
    """422 unless ``code`` is a department of the reference data."""
    if code not in ctx.reference.departments:
        raise Unusable(field, f'"{code}" is not a department of departments.yaml',
                       "unknown-department")
