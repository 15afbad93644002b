"""Event edge of credit-rating (信用评价): the events it consumes, each to one handler.

Each consumer is one typed function, registered once; the platform binds it to the
service's context and runs it in a unit of work (the inbox makes a redelivery a no-op).
The producing service is the audit log's actor.
"""

from __future__ import annotations

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers import incoming
from shared.contracts import Envelope
from shared.contracts.case import CaseConcluded
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import CommitmentFalse, InspectionResultRecorded
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Consumers

consumers = Consumers("credit-rating")
ACTOR_LIMIT = 200


def _producer(envelope: Envelope) -> str:
    return envelope.source[:ACTOR_LIMIT]


@consumers.on(ComplaintSubstantiated)
async def on_complaint_substantiated(ctx: CreditContext, uow: UnitOfWork,
                                     event: ComplaintSubstantiated, envelope: Envelope) -> None:
    await incoming.record_substantiated_complaint(ctx, uow, event, event_id=envelope.id,
                                                  actor=_producer(envelope))


@consumers.on(InspectionResultRecorded)
async def on_inspection_result(ctx: CreditContext, uow: UnitOfWork,
                               event: InspectionResultRecorded, envelope: Envelope) -> None:
    await incoming.record_inspection_result(ctx, uow, event, event_id=envelope.id,
                                            actor=_producer(envelope))


@consumers.on(CaseConcluded)
async def on_case_concluded(ctx: CreditContext, uow: UnitOfWork, event: CaseConcluded,
                            envelope: Envelope) -> None:
    await incoming.record_case_conclusion(ctx, uow, event, event_id=envelope.id,
                                          actor=_producer(envelope))


@consumers.on(CommitmentFalse)
async def on_commitment_false(ctx: CreditContext, uow: UnitOfWork, event: CommitmentFalse,
                              envelope: Envelope) -> None:
    await incoming.record_false_commitment(ctx, uow, event, event_id=envelope.id,
                                           actor=_producer(envelope))
