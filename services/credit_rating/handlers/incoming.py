"""Credit records (and false commitments) that arrive as events from the other services
(归集共享, X-2).

Each is keyed by its event id (``source_event_id``), so the same event twice makes one
record even past the inbox. An event about an entity the registry does not know is
refused (``EntityNotFound``): the consumer retries it and then sends it to the topic's
DLQ with that reason; register the entity and ``jianguan dlq replay`` it. No stub is
made, because a credit record must hang on a registered entity (可查、可核).
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.commitments import CommitmentStatus
from services.credit_rating.domain.records import RecordKind, Severity
from services.credit_rating.handlers.commands import BreachEntry, RecordEntry
from services.credit_rating.handlers.steps.abnormal_list import list_on_abnormal
from services.credit_rating.handlers.steps.commitment_book import breach, find_commitment
from services.credit_rating.handlers.steps.findings import (
    complete_record,
    inspection_finding,
    record_of_finding,
)
from services.credit_rating.handlers.steps.recording import store_record
from services.credit_rating.models import AbnormalListing, Commitment
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import (
    CommitmentFalse,
    InspectionResultRecorded,
    ResultCategory,
)
from shared.db import UnitOfWork
from shared.errors import NotFound

FEN = Decimal("0.01")
CASE_RECORD_KINDS = {CaseDecision.PENALTY: RecordKind.ADMINISTRATIVE_PENALTY,
                     CaseDecision.NO_PENALTY: RecordKind.ADMINISTRATIVE_PENALTY,
                     CaseDecision.JUDICIAL_TRANSFER: RecordKind.JUDICIAL_TRANSFER}


async def record_substantiated_complaint(ctx: CreditContext, uow: UnitOfWork,
                                         event: ComplaintSubstantiated, *, event_id: str,
                                         actor: str) -> None:
    """查实的投诉举报 → a ``substantiated_complaint`` record of the handling department."""
    entry = RecordEntry(
        kind=RecordKind.SUBSTANTIATED_COMPLAINT, severity=Severity(event.severity),
        department=event.handling_department, decided_on=event.substantiated_on,
        legal_basis=f"投诉举报查实 (complaint {event.complaint_id}, {event.category})")
    await store_record(ctx, uow, event.uscc, entry, actor=actor, source_event_id=event_id)


async def record_inspection_result(ctx: CreditContext, uow: UnitOfWork,
                                   event: InspectionResultRecorded, *, event_id: str,
                                   actor: str) -> None:
    """抽查检查结果 → an ``inspection_result`` record, only when it finds a problem; an
    entity unreachable at its registered address also goes on the 经营异常名录 (SAMR
    practice), once per event. A false commitment this inspection found that arrived
    first made the finding's record already: it takes the inspector's severity instead
    (one finding, one record)."""
    if event.result_category is ResultCategory.UNREACHABLE_AT_ADDRESS:
        await _list_unreachable(ctx, uow, event, event_id=event_id, actor=actor)
    if not event.result_category.finds_problem or event.severity is None:
        return
    ref = inspection_finding(event.result_id)
    recorded = await record_of_finding(uow.session, ref)
    if recorded is not None:
        if recorded.source_event_id != event_id:
            await complete_record(ctx, uow, recorded, severity=Severity(event.severity),
                                  actor=actor, reason=f"抽查检查结果 / inspection result "
                                  f"{event.result_id}: {event.result_category.chinese}"[:300])
        return
    entry = RecordEntry(
        kind=RecordKind.INSPECTION_RESULT, severity=Severity(event.severity),
        department=event.department, decided_on=event.recorded_on,
        legal_basis=f"抽查检查结果: {event.result_category.chinese} "
                    f"(matter {event.matter}, visit {event.visit_id})")
    await store_record(ctx, uow, event.uscc, entry, actor=actor, source_event_id=event_id,
                       finding_ref=ref)


async def _list_unreachable(ctx: CreditContext, uow: UnitOfWork,
                            event: InspectionResultRecorded, *, event_id: str,
                            actor: str) -> None:
    listing_id = str(uuid.uuid5(_LISTINGS, event_id))  # the same event lists once
    if await uow.session.get(AbnormalListing, listing_id) is not None:
        return
    await list_on_abnormal(ctx, uow, event.uscc, department=event.department,
                           listed_on=event.recorded_on, actor=actor, listing_id=listing_id,
                           reason=f"通过登记的住所(经营场所)无法联系 (抽查检查 visit "
                                  f"{event.visit_id}, result {event.result_id})"[:300])


_LISTINGS = uuid.UUID("7f1c9a52-3c1e-4d0b-9a55-2b1f8e6d4c30")  # namespace of event listings


async def record_case_conclusion(ctx: CreditContext, uow: UnitOfWork,
                                 event: CaseConcluded, *, event_id: str,
                                 actor: str) -> None:
    """结案 → ``administrative_penalty`` or ``judicial_transfer``.

    不予处罚 of a violation on the 免罚清单 (首违不罚) → an exempted record, as the API
    keeps a first listed violation (CR-8): not dishonesty, but it makes the next one of
    that code no first violation. 不予处罚 for another reason (no listed code: facts not
    established, limitation passed …) and dismissals leave no record.

    A penalty's fine travels on to the record (in fen; a fine of 0 is none); the event
    does not say the penalty's kind, so the record leaves it unknown.
    """
    spared = event.decision is CaseDecision.NO_PENALTY
    kind = CASE_RECORD_KINDS.get(event.decision)
    if kind is None or (spared and ctx.rules.exemption(event.violation_code) is None):
        return
    entry = RecordEntry(kind=kind, severity=Severity(event.severity),
                        department=event.department, decided_on=event.decided_on,
                        legal_basis=event.legal_basis[:300],
                        violation_code=event.violation_code, fine_yuan=_fine(event))
    await store_record(ctx, uow, event.uscc, entry, actor=actor, source_event_id=event_id,
                       spared=spared)


def _fine(event: CaseConcluded) -> Decimal | None:
    """The fine of a penalty decision in yuan and fen; None without one (or of 0)."""
    if event.decision is not CaseDecision.PENALTY or event.fine_yuan is None:
        return None
    return event.fine_yuan.quantize(FEN, ROUND_HALF_UP) or None


async def record_false_commitment(ctx: CreditContext, uow: UnitOfWork,
                                  event: CommitmentFalse, *, event_id: str,
                                  actor: str) -> None:
    """承诺不实 found on a visit → the commitment the inspector named, or else the
    entity's latest commitment in force for that matter, is breached, with its record;
    the same event twice breaches once. The inspection result of the same finding
    makes no second record: whichever arrives first records the finding.

    No commitment in force for the matter: refused (retried, then DLQ); register it and
    replay the event.
    """
    session = uow.session
    if await session.scalar(select(Commitment.id).where(
            Commitment.source_event_id == event_id)) is not None:
        return
    in_force = select(Commitment.id).where(Commitment.uscc == event.uscc,
                                           Commitment.status == CommitmentStatus.ACTIVE.value)
    if event.commitment_id is not None:  # the inspector named it
        commitment_id = await session.scalar(
            in_force.where(Commitment.id == event.commitment_id))
    else:
        commitment_id = await session.scalar(
            in_force.where(Commitment.matter == event.matter)
            .order_by(Commitment.made_on.desc(), Commitment.created_at.desc()).limit(1))
    if commitment_id is None:
        which = event.commitment_id or f"for matter {event.matter}"
        raise NotFound("commitment", f"of {event.uscc} {which} (in force)",
                       "register the commitment (POST /v1/commitments) and replay the event")
    found = BreachEntry(found_on=event.recorded_on,
                        finding=f"抽查检查 visit {event.visit_id}, result {event.result_id}")
    ref = inspection_finding(event.result_id)
    await breach(ctx, uow, await find_commitment(session, commitment_id), found,
                 department=event.department, actor=actor, source_event_id=event_id,
                 finding_ref=ref, record=await record_of_finding(session, ref))
