"""Notices of 双随机、一公开 (PN-2): plans, draw lists and results.

A draw list is held until its inspection window opens, never before, so nobody is
tipped off. A draw event that says when the window opens (``window_start``) is published
at once when that day has come, and otherwise held until a result recorded on or after it;
an older event without it is held until the first result a department of its plan records
for one of the drawn entities (a visit has begun, so the window is open). Results are
published on arrival (within 20 WD).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import bindparam, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import from_draw, from_plan, from_result
from services.public_notice.handlers.steps.ledger import NoticeLedger
from services.public_notice.handlers.steps.publishing import (
    publish,
    release,
)
from services.public_notice.handlers.steps.withdrawal import notices_where, take_down
from services.public_notice.models import DrawSelection, Notice
from shared.audit import record_many
from shared.clock import china_day
from shared.contracts import Envelope
from shared.contracts.inspection import DrawCompleted, InspectionResultRecorded, PlanPublished
from shared.db import UnitOfWork

# The draw lists an entity is on, read from its selections; which are held is checked on
# the rows. With ``status = 'held'`` in the statement SQLite (no statistics) starts from
# every held list and probes each for the entity instead (4-14 ms with 3,000 held lists).
LISTS_OF = select(Notice.status).join(
    DrawSelection, DrawSelection.notice_id == Notice.id).where(
    DrawSelection.uscc == bindparam("uscc"))
LIST_NOTICES_OF = select(Notice).join(
    DrawSelection, DrawSelection.notice_id == Notice.id).where(
    DrawSelection.uscc == bindparam("uscc"))
HELD_KEY = "public_notice.held_lists"  # a held list was written in this unit of work


async def plan_published(ctx: PublicNoticeContext, uow: UnitOfWork, event: PlanPublished, *,
                         event_id: str, actor: str) -> None:
    """抽查计划: public once published (IN-8)."""
    draft = from_plan(event, event_id, ctx.names, ctx.clock.today())
    await publish(ctx, uow, draft, actor=actor)


async def draw_completed(ctx: PublicNoticeContext, uow: UnitOfWork, event: DrawCompleted,
                         envelope: Envelope, *, actor: str) -> None:
    """抽查名单: held until the window opens; a redraw supersedes the list it replaces."""
    plans = await notices_where(uow, Notice.kind == "inspection_plan",
                                Notice.reference == event.plan_id)
    department = plans[0].department if plans else ctx.rules.file.default_department
    departments = list(plans[0].details.get("departments", [department])) if plans \
        else [department]
    if event.replaces is not None:
        replaced = await notices_where(uow, Notice.kind == "draw_list",
                                       Notice.reference == event.replaces)
        await take_down(ctx, uow, replaced, "superseded", actor=actor)
    draft = from_draw(event, envelope.id, department, departments,
                      china_day(envelope.time))
    if event.window_start is not None:
        draft = replace(draft, details={**draft.details,
                                        "window_start": event.window_start.isoformat()})
        if event.window_start <= ctx.clock.today():  # the window is open: no one to tip off
            draft = replace(draft, held=False)
    if await publish(ctx, uow, draft, actor=actor) is not None and draft.held:
        uow.session.info[HELD_KEY] = True


async def result_recorded(ctx: PublicNoticeContext, uow: UnitOfWork,
                          event: InspectionResultRecorded, *, event_id: str,
                          actor: str) -> None:
    """抽查检查结果: published (IN-7); the first result for a drawn entity opens the
    lists it was drawn on."""
    await publish(ctx, uow, from_result(event, event_id, ctx.names), actor=actor)
    if uow.session.info.get(HELD_KEY) or await holds_lists(ctx, uow, event.uscc):
        await open_lists(ctx, uow, event, actor=actor)


async def holds_lists(ctx: PublicNoticeContext, uow: UnitOfWork, uscc: str) -> bool:
    """Whether ``uscc`` is on a held draw list, as committed (read ahead for the batch,
    or asked now); a list held in this unit of work is ``HELD_KEY``'s."""
    ledger = NoticeLedger.of(uow)
    if uscc in ledger.held_read:
        return uscc in ledger.held_for
    return any(row.status == "held"
               for row in await ctx.database.point_read(LISTS_OF).all(uscc=uscc))


async def open_lists(ctx: PublicNoticeContext, uow: UnitOfWork,
                     event: InspectionResultRecorded, *, actor: str) -> None:
    """Publish the held lists that drew ``event``'s entity for one of its departments."""
    await NoticeLedger.of(uow).flush()
    listing = await uow.session.scalars(LIST_NOTICES_OF, {"uscc": event.uscc})
    today, now, notes = ctx.clock.today(), ctx.clock.now(), []
    for notice in [notice for notice in listing if notice.status == "held"]:
        departments = notice.details.get("departments") or [notice.department]
        if event.department not in departments or event.recorded_on < notice.decided_on:
            continue
        opens = notice.details.get("window_start")
        if opens is not None and event.recorded_on < date.fromisoformat(opens):
            continue  # a result dated before the window says nothing of it
        notes.append(await release(ctx, uow, notice, today=today, now=now, actor=actor))
    await record_many(uow, notes)
