"""送达 → 执行 → 结案 (CT-4). Concluding announces ``case.concluded.v1`` for a case about
an entity (credit-rating's record): a penalty, no penalty (with the 免罚清单 code when the
benchmark has one), a dismissal, or, once the police filed the case, a judicial transfer,
the only way a crime can end here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from services.case_transfer.domain.criminal_transfer import UNDER_WAY, CriminalState
from services.case_transfer.domain.stages import Stage, Step
from services.case_transfer.handlers.decision_commands import StepNote
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import (
    check_step,
    close_deadlines,
    handled_case,
    record_step,
)
from services.case_transfer.models import Case, Decision
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.credit import Severity
from shared.db import UnitOfWork
from shared.errors import WrongState
from shared.versions import next_version

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def serve(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str, note: StepNote,
                caller: Caller, at: datetime) -> Case:
    """送达 of the decision to the party."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.SERVE)
    case.stage = Stage.SERVED
    await record_step(uow, case, "served", caller, at, note=note.note,
                      documents=documents_json(note.documents))
    return case


async def execute(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str, note: StepNote,
                  caller: Caller, at: datetime) -> Case:
    """执行 of a penalty (fine paid, licence revoked …)."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.EXECUTE)
    decision = await uow.session.get(Decision, case.id)
    if decision is None or decision.outcome != "penalty":
        raise WrongState("execute: only a penalty is executed; conclude this case after "
                         "service", step="execute")
    case.stage = Stage.EXECUTED
    await record_step(uow, case, "executed", caller, at, note=note.note,
                      documents=documents_json(note.documents))
    return case


async def conclude(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str, note: StepNote,
                   caller: Caller, at: datetime) -> Case:
    """结案: after execution (a penalty) or service (otherwise); a filed crime concludes
    as a judicial transfer at any stage."""
    case = await handled_case(ctx, uow.session, case_id, caller)
    state = CriminalState(case.criminal_state) if case.criminal_state else None
    decision = await uow.session.get(Decision, case.id)
    if state is CriminalState.FILED:
        check_step(case, Step.COOPERATE)
        outcome = CaseDecision.JUDICIAL_TRANSFER
    elif state in UNDER_WAY:
        raise WrongState(f"conclude: a 行刑衔接 transfer of this case is {state.value} "
                         f"({state.chinese}); wait for the police", step="conclude")
    else:
        check_step(case, Step.CONCLUDE)
        assert decision is not None  # served: decided before
        if decision.outcome == "penalty" and case.stage != Stage.EXECUTED:
            raise WrongState("conclude: a penalty is concluded once executed (执行); record "
                             f"the execution with POST /v1/cases/{case.id}/execution",
                             step="conclude")
        outcome = CaseDecision(decision.outcome)
    case.stage, case.outcome, case.concluded_on = Stage.CONCLUDED, outcome.value, china_day(at)
    await close_deadlines(uow.session, case.id, at)
    await record_step(uow, case, "concluded", caller, at, note=note.note,
                      documents=documents_json(note.documents), detail={"outcome": outcome})
    if case.uscc is not None:
        uow.emit(_concluded(case, decision, outcome, at,
                            await next_version(uow.session, case)))
    return case


def _concluded(case: Case, decision: Decision | None, outcome: CaseDecision,
               at: datetime, version: int) -> CaseConcluded:
    benchmark = (decision.benchmark or {}) if decision else {}
    judicial = outcome is CaseDecision.JUDICIAL_TRANSFER
    severity: Severity = "serious" if judicial else (
        case.severity or benchmark.get("severity") or "general")
    basis = "国务院令第310号: 涉嫌犯罪, 移送公安机关立案" if judicial or decision is None \
        else decision.legal_basis
    administrative = decision is not None and not judicial
    return CaseConcluded(
        case_id=case.id, uscc=case.uscc, department=case.department, decision=outcome,
        severity=severity, fine_yuan=decision.fine_yuan if administrative else None,
        decided_on=decision.decided_on if administrative else china_day(at),
        legal_basis=basis[:300], violation_code=benchmark.get("exemption"),
        benchmark=benchmark.get("label"), version=version)
