"""Opening a case or a clue (立案 / 线索登记, CT-1), registering a clue as a case, dropping
a clue, and the investigation's evidence (调查取证, CT-4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from services.case_transfer.domain.persons import masked_name
from services.case_transfer.domain.stages import Stage, Step
from services.case_transfer.handlers.commands import Evidence, NewCase, Registration
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import (
    check_investigators,
    close_deadlines,
    handled_case,
    record_step,
)
from services.case_transfer.models import Case
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.case import CaseOpened
from shared.db import UnitOfWork
from shared.errors import Unusable
from shared.ids import new_id
from shared.versions import FIRST

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


@dataclass(frozen=True)
class Origin:
    """Where a case came from: entered by hand, or an event of another service."""

    source: str = "manual"
    ref: str | None = None
    event_id: str | None = None


def new_case(ctx: CaseTransferContext, uow: UnitOfWork, command: NewCase, department: str,
             actor: Caller | str, at: datetime, origin: Origin = Origin()) -> Case:
    """The case row (added to the session) and its ``case.opened.v1``; the caller
    records the step."""
    is_case = command.kind == "case"
    investigators = check_investigators(ctx, command.investigators) if is_case \
        else sorted(set(command.investigators or ()))
    person = command.person
    case = Case(
        id=new_id(), kind=command.kind, stage=(Stage.REGISTERED if is_case else Stage.CLUE),
        department=department, opened_by=department,
        party="person" if person else "entity", uscc=command.uscc,
        person_hash=ctx.persons.hash_id(person.id_number) if person else None,
        person_name=masked_name(person.name) if person else None,
        title=command.title, facts=command.facts, violation_code=command.violation_code,
        severity=command.severity,
        suspected_crime=command.suspected_crime, source=origin.source,
        source_ref=origin.ref, source_event_id=origin.event_id,
        investigators=investigators, opened_at=at, opened_on=china_day(at),
        registered_on=china_day(at) if is_case else None, updated_at=at, version=FIRST)
    uow.session.add(case)
    uow.emit(CaseOpened(case_id=case.id, kind=command.kind, department=department,
                        uscc=case.uscc, person_hash=case.person_hash, source=origin.source,
                        source_ref=origin.ref, suspected_crime=case.suspected_crime,
                        opened_on=case.opened_on, version=FIRST))
    return case


async def open_case(ctx: CaseTransferContext, uow: UnitOfWork, command: NewCase,
                    caller: Caller, at: datetime) -> Case:
    """立案 or 线索登记 by the caller's department."""
    case = new_case(ctx, uow, command, caller.dept, caller, at)
    await uow.session.flush()
    await record_step(uow, case, "registered" if case.kind == "case" else "clue_recorded",
                      caller, at, note=command.title, officers=case.investigators or None,
                      documents=documents_json(command.documents))
    return case


async def register_clue(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                        command: Registration, caller: Caller, at: datetime) -> Case:
    """立案 of a clue: it becomes a case with its investigators."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.REGISTER)
    case.investigators = check_investigators(ctx, command.investigators)
    case.kind, case.stage, case.registered_on = "case", Stage.REGISTERED, china_day(at)
    await record_step(uow, case, "registered", caller, at, note=command.note,
                      officers=case.investigators)
    return case


async def drop_clue(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str, reason: str,
                    caller: Caller, at: datetime) -> Case:
    """不予立案: the clue ends here, with the reason."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.DROP)
    case.stage, case.concluded_on = Stage.DROPPED, china_day(at)
    await close_deadlines(uow.session, case.id, at)
    await record_step(uow, case, "dropped", caller, at, note=reason)
    return case


async def add_evidence(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                       command: Evidence, caller: Caller, at: datetime) -> Case:
    """调查取证 by at least two officers on the case (行政处罚法 第四十二条)."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.EVIDENCE)
    officers = check_investigators(ctx, command.officers, "officers")
    strangers = [badge for badge in officers if badge not in case.investigators]
    if strangers:
        raise Unusable("officers", f"{', '.join(strangers)} are not investigators of the "
                       f"case (on it: {', '.join(case.investigators)})", "not-on-the-case")
    case.stage = Stage.INVESTIGATING
    await record_step(uow, case, "evidence", caller, at, note=command.description,
                      officers=officers, documents=documents_json(command.documents))
    return case
