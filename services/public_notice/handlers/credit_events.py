"""Notices from credit-rating's events (信用监管): penalties and other records, repairs,
objections, the blacklist, the abnormal list and commitments (PN-1, PN-3).

A list notice is a copy of a listing's state: an event older than the one it holds
(``directory.newer_state``, by the event's version) changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import (
    Draft,
    from_abnormal,
    from_blacklisting,
    from_commitment,
    from_record,
)
from services.public_notice.domain.timing import takedown_due
from services.public_notice.handlers.directory import newer_state
from services.public_notice.handlers.steps.pairing import complete, partner
from services.public_notice.handlers.steps.publishing import PAIRED, publish, seen
from services.public_notice.handlers.steps.withdrawal import notices_where, take_down
from services.public_notice.models import Notice
from shared.clock import china_day
from shared.contracts.credit import RecordAdded, RecordChanged
from shared.contracts.credit_commitments import CommitmentRegistered
from shared.contracts.credit_lists import AbnormalListingChanged, BlacklistChanged
from shared.contracts.credit_repair import ObjectionDecided, RecordRepaired
from shared.db import UnitOfWork


async def record_added(ctx: PublicNoticeContext, uow: UnitOfWork, event: RecordAdded, *,
                       event_id: str, actor: str) -> None:
    """A credit record: published as the rules map its kind, or completing the notice
    its case or complaint already made."""
    if await seen(ctx, uow, event_id):
        return
    draft = from_record(event, event_id, ctx.rules)
    if draft is None:
        return
    if draft.kind in PAIRED and (found := await partner(ctx, uow, draft, "record")):
        await complete(ctx, uow, found, draft, actor=actor)
        return
    await publish(ctx, uow, draft, actor=actor, checked=True)


async def record_changed(ctx: PublicNoticeContext, uow: UnitOfWork, event: RecordChanged, *,
                         event_id: str, actor: str) -> None:
    """A record completed by a second report of its finding (an inspection result that
    turned out a broken commitment): its notice takes the new severity and period, or, when
    its first kind was not published (inspection results come from their own event), the
    record is published now as what it has become."""
    notices = [notice for notice in await notices_where(
        uow, Notice.record_id == event.record_id) if notice.status == "published"]
    if notices:
        for notice in notices:
            if event.severity is not None and event.severity != notice.severity:
                await complete(ctx, uow, notice.id, Draft(
                    kind=notice.kind, source_event_id=event_id, department=notice.department,
                    decided_on=notice.decided_on, title=notice.title, uscc=notice.uscc,
                    severity=event.severity, record_id=event.record_id), actor=actor)
        return
    if event.department is None or event.decided_on is None or await seen(ctx, uow, event_id):
        return  # an older producer's event does not say enough to publish the record
    await record_added(ctx, uow, RecordAdded(
        record_id=event.record_id, uscc=event.uscc, kind=event.kind, severity=event.severity,
        department=event.department, decided_on=event.decided_on, status=event.status,
        published=event.published, publicity_end=event.publicity_end),
        event_id=event_id, actor=actor)


async def record_repaired(ctx: PublicNoticeContext, uow: UnitOfWork, event: RecordRepaired,
                          *, actor: str) -> None:
    """信用修复 ends the record's publicity: its notices come down (CR-9)."""
    notices = await notices_where(uow, Notice.record_id == event.record_id)
    await take_down(ctx, uow, notices, "repaired", actor=actor)


async def objection_decided(ctx: PublicNoticeContext, uow: UnitOfWork,
                            event: ObjectionDecided, *, actor: str) -> None:
    """An objection upheld against the record (removed, or no longer published) revokes
    what the notice says: down within the take-down limit; a corrected record stays up
    with its new severity and period."""
    notices = await notices_where(uow, Notice.record_id == event.record_id)
    if event.outcome == "removed" or not event.published \
            or event.record_status not in ("active", "under_objection"):
        await take_down(ctx, uow, notices, "revoked", actor=actor,
                        due_on=takedown_due(event.decided_on, ctx.rules))
        return
    if event.outcome == "corrected" and event.severity is not None:
        for notice in notices:
            await complete(ctx, uow, notice.id, Draft(
                kind=notice.kind, source_event_id=f"objection:{event.objection_id}",
                department=notice.department, decided_on=notice.decided_on,
                title=notice.title, uscc=notice.uscc, severity=event.severity,
                record_id=event.record_id), actor=actor)

async def blacklist_changed(ctx: PublicNoticeContext, uow: UnitOfWork,
                            event: BlacklistChanged, *, event_id: str, actor: str) -> None:
    """严重失信主体名单: listed → published (by the department of its serious records);
    taken off → down."""
    if not await newer_state(uow, "blacklist", event.uscc, event.version):
        return
    listed = await notices_where(uow, Notice.uscc == event.uscc, kind="blacklist")
    if not event.listed:
        await take_down(ctx, uow, listed, "delisted", actor=actor)
        return
    if listed:
        return
    department = await uow.session.scalar(select(Notice.department).where(
        Notice.record_id.in_(event.record_ids)).limit(1)) if event.record_ids else None
    draft = from_blacklisting(event.uscc, event.reason,
                              department or ctx.rules.file.default_department,
                              china_day(event.changed_at), event_id)
    await publish(ctx, uow, draft, actor=actor)


async def abnormal_changed(ctx: PublicNoticeContext, uow: UnitOfWork,
                           event: AbnormalListingChanged, *, event_id: str,
                           actor: str) -> None:
    """经营异常名录: listed → published; moved off → down."""
    if not await newer_state(uow, "abnormal", event.listing_id, event.version):
        return
    if event.listed:
        await publish(ctx, uow, from_abnormal(event, event_id), actor=actor)
        return
    notices = await notices_where(uow, Notice.kind == "abnormal_list",
                                  Notice.reference == event.listing_id)
    await take_down(ctx, uow, notices, "delisted", actor=actor)


async def commitment_registered(ctx: PublicNoticeContext, uow: UnitOfWork,
                                event: CommitmentRegistered, *, event_id: str,
                                actor: str) -> None:
    """信用承诺: public as made (masked like any text) until it ends (PN-3)."""
    await publish(ctx, uow, from_commitment(event, event_id, ctx.names), actor=actor)
