"""Event edge of public-notice (信息公示): the events it consumes, each to one handler.

Each consumer is one typed function, registered once; the platform binds it to the
service's context and runs it in a unit of work (the inbox makes a redelivery a no-op,
and each notice keeps its source event's id, unique, so the same event never makes two).
The producing service is the audit log's actor.
"""

from __future__ import annotations

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers import (
    case_events,
    complaint_events,
    credit_events,
    directory,
    inspection_events,
)
from services.public_notice.handlers.steps.read_ahead import read_ahead
from shared.access import ACTOR_LIMIT
from shared.contracts import Envelope
from shared.contracts.case import CaseConcluded
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.credit import EntityUpserted, GradeChanged, RecordAdded, RecordChanged
from shared.contracts.credit_commitments import CommitmentRegistered
from shared.contracts.credit_lists import AbnormalListingChanged, BlacklistChanged
from shared.contracts.credit_repair import ObjectionDecided, RecordRepaired
from shared.contracts.inspection import DrawCompleted, InspectionResultRecorded, PlanPublished
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Consumers

consumers = Consumers("public-notice")
Ctx = PublicNoticeContext


@consumers.reads_ahead
async def on_batch(ctx: Ctx, uow: UnitOfWork, envelopes: list[Envelope]) -> None:
    await read_ahead(ctx, uow, envelopes)


def _producer(envelope: Envelope) -> str:
    return envelope.source[:ACTOR_LIMIT]


@consumers.on(EntityUpserted)
async def on_entity_upserted(ctx: Ctx, uow: UnitOfWork, event: EntityUpserted,
                             envelope: Envelope) -> None:
    await directory.register_entity(ctx, uow, event)


@consumers.on(GradeChanged)
async def on_grade_changed(ctx: Ctx, uow: UnitOfWork, event: GradeChanged,
                           envelope: Envelope) -> None:
    await directory.change_grade(ctx, uow, event)


@consumers.on(RecordAdded)
async def on_record_added(ctx: Ctx, uow: UnitOfWork, event: RecordAdded,
                          envelope: Envelope) -> None:
    await credit_events.record_added(ctx, uow, event, event_id=envelope.id,
                                     actor=_producer(envelope))


@consumers.on(RecordChanged)
async def on_record_changed(ctx: Ctx, uow: UnitOfWork, event: RecordChanged,
                            envelope: Envelope) -> None:
    await credit_events.record_changed(ctx, uow, event, event_id=envelope.id,
                                       actor=_producer(envelope))


@consumers.on(RecordRepaired)
async def on_record_repaired(ctx: Ctx, uow: UnitOfWork, event: RecordRepaired,
                             envelope: Envelope) -> None:
    await credit_events.record_repaired(ctx, uow, event, actor=_producer(envelope))


@consumers.on(ObjectionDecided)
async def on_objection_decided(ctx: Ctx, uow: UnitOfWork, event: ObjectionDecided,
                               envelope: Envelope) -> None:
    await credit_events.objection_decided(ctx, uow, event, actor=_producer(envelope))


@consumers.on(BlacklistChanged)
async def on_blacklist_changed(ctx: Ctx, uow: UnitOfWork, event: BlacklistChanged,
                               envelope: Envelope) -> None:
    await credit_events.blacklist_changed(ctx, uow, event, event_id=envelope.id,
                                          actor=_producer(envelope))


@consumers.on(AbnormalListingChanged)
async def on_abnormal_changed(ctx: Ctx, uow: UnitOfWork, event: AbnormalListingChanged,
                              envelope: Envelope) -> None:
    await credit_events.abnormal_changed(ctx, uow, event, event_id=envelope.id,
                                         actor=_producer(envelope))


@consumers.on(CommitmentRegistered)
async def on_commitment_registered(ctx: Ctx, uow: UnitOfWork, event: CommitmentRegistered,
                                   envelope: Envelope) -> None:
    await credit_events.commitment_registered(ctx, uow, event, event_id=envelope.id,
                                              actor=_producer(envelope))


@consumers.on(CaseConcluded)
async def on_case_concluded(ctx: Ctx, uow: UnitOfWork, event: CaseConcluded,
                            envelope: Envelope) -> None:
    await case_events.case_concluded(ctx, uow, event, event_id=envelope.id,
                                     actor=_producer(envelope))


@consumers.on(ComplaintSubstantiated)
async def on_complaint_substantiated(ctx: Ctx, uow: UnitOfWork,
                                     event: ComplaintSubstantiated,
                                     envelope: Envelope) -> None:
    await complaint_events.complaint_substantiated(ctx, uow, event, event_id=envelope.id,
                                                   actor=_producer(envelope))


@consumers.on(PlanPublished)
async def on_plan_published(ctx: Ctx, uow: UnitOfWork, event: PlanPublished,
                            envelope: Envelope) -> None:
    await inspection_events.plan_published(ctx, uow, event, event_id=envelope.id,
                                           actor=_producer(envelope))


@consumers.on(DrawCompleted)
async def on_draw_completed(ctx: Ctx, uow: UnitOfWork, event: DrawCompleted,
                            envelope: Envelope) -> None:
    await inspection_events.draw_completed(ctx, uow, event, envelope,
                                           actor=_producer(envelope))


@consumers.on(InspectionResultRecorded)
async def on_result_recorded(ctx: Ctx, uow: UnitOfWork, event: InspectionResultRecorded,
                             envelope: Envelope) -> None:
    await inspection_events.result_recorded(ctx, uow, event, event_id=envelope.id,
                                            actor=_producer(envelope))
