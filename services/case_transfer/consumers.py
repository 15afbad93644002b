"""Event edge of case-transfer (案件移送): the events it consumes, each to one handler.

A substantiated complaint handed on to another department or the police, and a problem
found on an inspection visit, each become one clue (线索).
"""

from __future__ import annotations

from services.case_transfer.bootstrap import CaseTransferContext
from services.case_transfer.handlers import incoming
from shared.contracts import Envelope
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import ViolationFound
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Consumers

consumers = Consumers("case-transfer")


@consumers.on(ComplaintSubstantiated)
async def on_complaint_substantiated(ctx: CaseTransferContext, uow: UnitOfWork,
                                     event: ComplaintSubstantiated, envelope: Envelope) -> None:
    await incoming.clue_from_complaint(ctx, uow, event, envelope.id, ctx.clock.now())


@consumers.on(ViolationFound)
async def on_violation_found(ctx: CaseTransferContext, uow: UnitOfWork, event: ViolationFound,
                             envelope: Envelope) -> None:
    await incoming.clue_from_inspection(ctx, uow, event, envelope.id, ctx.clock.now())
