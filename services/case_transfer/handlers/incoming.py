"""Clues from other services' events (线索互联, CT-1), each once.

- ``complaint.substantiated.v1`` with ``finding_for`` the police: a clue of the handling
  department marked as a suspected crime (for 行刑衔接); with ``finding_for`` another
  department: a clue of the handling department transferred to it, which accepts or
  returns it within the rule's working days;
- ``inspection.violation.found.v1``: a clue of the inspecting department.

The same event twice, or the same complaint or inspection result under another event
id, makes one clue (the runner's inbox, and the source checked here).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from services.case_transfer.handlers.commands import NewCase
from services.case_transfer.handlers.opening import Origin, new_case
from services.case_transfer.handlers.steps import record_step
from services.case_transfer.handlers.transfer_steps import start_transfer
from services.case_transfer.models import Case
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import ViolationFound
from shared.db import UnitOfWork

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext

ACTOR = "case-transfer/consumer"
POLICE = "police"


# the case an event (or another of its source's) opened already; both sides of the OR
# are indexed (``ix_cases_source_ref``), else SQLite reads every case (28 ms an event at
# 200,000 cases)
SEEN = select(Case.id).where(
    (Case.source_event_id == bindparam("event_id"))
    | ((Case.source == bindparam("source")) & (Case.source_ref == bindparam("ref")))).limit(1)


async def _seen(uow: UnitOfWork, source: str, ref: str, event_id: str) -> bool:
    found = await uow.session.scalar(SEEN, {"event_id": event_id, "source": source,
                                            "ref": ref})
    return found is not None


async def clue_from_complaint(ctx: CaseTransferContext, uow: UnitOfWork,
                              event: ComplaintSubstantiated, event_id: str,
                              at: datetime) -> Case | None:
    """The clue a substantiated complaint hands on, or ``None`` when it hands on nothing."""
    target, handler = event.finding_for, event.handling_department
    if target is None or target == handler or handler not in ctx.reference.departments:
        return None
    if await _seen(uow, "complaint", event.complaint_id, event_id):
        return None
    police = target == POLICE or ctx.rules.is_police(target)
    command = NewCase(kind="clue", uscc=event.uscc, severity=event.severity,
                      suspected_crime=police,
                      title=f"投诉举报查实 ({event.category})"[:200],
                      facts=(f"complaint {event.complaint_id} ({event.category}) was "
                             f"substantiated by {handler} on {event.substantiated_on} with "
                             f"severity {event.severity}; handed on for "
                             f"{'the police (涉嫌犯罪)' if police else target}"))
    case = new_case(ctx, uow, command, handler, ACTOR, at,
                    Origin("complaint", event.complaint_id, event_id))
    await uow.session.flush()
    await record_step(uow, case, "clue_recorded", ACTOR, at, note=command.facts)
    if not police and target in ctx.reference.departments:
        await start_transfer(ctx, uow, case, target, command.facts, [], at)
        await record_step(uow, case, "transferred", ACTOR, at,
                          note=f"handed on to {target} by complaint-intake",
                          detail={"to_department": target})
    return case


async def clue_from_inspection(ctx: CaseTransferContext, uow: UnitOfWork,
                               event: ViolationFound, event_id: str,
                               at: datetime) -> Case | None:
    """The clue of a problem found on an inspection visit (双随机抽查)."""
    if event.department not in ctx.reference.departments:
        return None
    if await _seen(uow, "inspection", event.result_id, event_id):
        return None
    command = NewCase(kind="clue", uscc=event.uscc, severity=event.severity,
                      title=f"双随机抽查发现问题: {event.result_category.chinese}"[:200],
                      facts=(f"inspection visit {event.visit_id}, result {event.result_id}, "
                             f"matter {event.matter}, recorded {event.recorded_on}: "
                             f"{event.result_category.chinese}"))
    case = new_case(ctx, uow, command, event.department, ACTOR, at,
                    Origin("inspection", event.result_id, event_id))
    await uow.session.flush()
    await record_step(uow, case, "clue_recorded", ACTOR, at, note=command.facts)
    return case
