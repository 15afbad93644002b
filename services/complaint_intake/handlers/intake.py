"""One intake for every channel (统一受理, CP-1): check, match, route, link duplicates,
seal the reporter, set the legal deadlines, and announce it without personal data."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import update

from services.complaint_intake.domain.deadlines import complaint_deadlines
from services.complaint_intake.domain.duplicates import FiledComplaint, bucket_keys, pack_buckets
from services.complaint_intake.domain.lifecycle import Channel, Status
from services.complaint_intake.domain.receipts import new_receipt_code
from services.complaint_intake.handlers.context import IntakeContext, china_day
from services.complaint_intake.handlers.duplicates import first_of
from services.complaint_intake.handlers.errors import UnknownCategory
from services.complaint_intake.handlers.history import add_step
from services.complaint_intake.handlers.reporters import seal_reporter, standing_of
from services.complaint_intake.handlers.subjects import resolve_subject
from services.complaint_intake.models import Complaint
from services.complaint_intake.schemas import ComplaintFiling
from shared.audit import record as audit
from shared.contracts.complaint import ComplaintReceived, ComplaintRouted
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox


async def file_complaint(uow: UnitOfWork, outbox: Outbox, ctx: IntakeContext,
                         filing: ComplaintFiling, *, channel: Channel, actor: str,
                         at: datetime) -> Complaint:
    """Store ``filing`` as a new complaint, or as a duplicate linked to the first one."""
    rules, session = ctx.rules, uow.session
    if filing.category not in ctx.reference.categories:
        raise UnknownCategory(filing.category, ctx.reference.categories)
    subject = await resolve_subject(session, filing.subject, rules)
    # unknown: the top region of the reference data, where the category's default applies
    region = filing.region or subject.region or next(iter(ctx.reference.regions))
    department = ctx.reference.route(filing.category, region)
    received_on = china_day(at)
    buckets = pack_buckets(bucket_keys(filing.description, rules))
    first = await first_of(session, FiledComplaint(subject.entity_key, filing.category,
                                                   received_on, filing.description),
                           buckets, rules)
    complaint_id = str(uuid.uuid4())
    identity = seal_reporter(ctx.vault, filing.reporter, complaint_id)
    standing = await standing_of(session, identity.reporter_index if identity else None,
                                 received_on, rules)
    deadlines = complaint_deadlines(at, filing.kind, rules)
    linked = first is not None
    complaint = Complaint(
        id=complaint_id, receipt_code=new_receipt_code(rules.receipts.digits),
        kind=filing.kind.value, channel=channel.value,
        status=(Status.LINKED if linked else Status.RECEIVED).value,
        category=filing.category, region=region, department=department,
        uscc=subject.uscc, subject_name=subject.name, subject_address=subject.address,
        entity_key=subject.entity_key, match_score=subject.match_score,
        description=filing.description, attachments=list(filing.attachments),
        buckets=buckets, received_at=at, received_on=received_on,
        accept_by=None if linked else deadlines.accept_by,
        decide_case_by=None if linked else deadlines.decide_case_by,
        duplicate_of=first, duplicates=0, channels=[channel.value], misroutes=0,
        internal_whistleblower=filing.internal_whistleblower,
        reporter_standing=standing.standing.value, filed_by=actor, updated_at=at)
    session.add(complaint)
    await session.flush()
    if identity is not None:
        session.add(identity)
    if first is not None:
        await _count_duplicate(uow, first, channel, at)
    await add_step(uow, complaint, "linked" if linked else "received", actor, at,
                   note=f"duplicate of {first}" if linked else None)
    await audit(uow, actor=actor, action="complaint.received", subject=complaint_id,
                detail={"kind": complaint.kind, "channel": complaint.channel,
                        "category": complaint.category, "department": department,
                        "duplicate_of": first, "reporter_identity": identity is not None,
                        "reporter_standing": complaint.reporter_standing})
    await outbox.add(uow, ComplaintReceived(
        complaint_id=complaint_id, kind=complaint.kind, channel=complaint.channel,
        category=complaint.category, uscc=complaint.uscc, region=region,
        received_on=received_on, duplicate_of=first))
    if not linked:
        await outbox.add(uow, ComplaintRouted(
            complaint_id=complaint_id, category=complaint.category, region=region,
            department=department, routed_on=received_on))
    return complaint


async def _count_duplicate(uow: UnitOfWork, first_id: str, channel: Channel,
                           at: datetime) -> None:
    first = await uow.session.get(Complaint, first_id)
    assert first is not None
    channels = list(first.channels)
    if channel.value not in channels:
        channels.append(channel.value)
    await uow.session.execute(update(Complaint).where(Complaint.id == first_id).values(
        duplicates=Complaint.duplicates + 1, channels=channels, updated_at=at))
