"""提醒约谈 (CR-7) as a recorded act: when repeated violations make a reminder due
(``credit.reminder.issued.v1``), a department holds the interview and records it here
(``credit.reminder.held.v1``). Only violations decided after that day count toward the
重点关注企业名单; until a reminder is recorded none do, however many follow."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.errors import not_after_today, unusable
from services.credit_rating.handlers.list_commands import ReminderEntry
from services.credit_rating.handlers.steps.list_keeping import WATCHLIST, stored_lists
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.models import Reminder
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.credit_lists import ReminderHeld
from shared.db import UnitOfWork
from shared.errors import Conflict


async def record_reminder(ctx: CreditContext, uow: UnitOfWork, uscc: str,
                          entry: ReminderEntry, *, caller: Caller) -> Reminder:
    """The caller's department held the reminder that is due, on ``held_on`` (from the
    day it became due to today); the entity's lists are kept again from that day."""
    ensure_owner(caller, entry.department, "the reminder named in the body",
                 "record only interviews your own department held")
    today = ctx.clock.today()
    not_after_today(entry.held_on, today, "body.held_on")
    session = uow.session
    await find_entity(session, uscc)
    watch = (await stored_lists(session, uscc)).get(WATCHLIST)
    if watch is None or watch.reminder_due_on is None:
        raise Conflict("No reminder due",
                       f"no 提醒约谈 is due for {uscc}: one becomes due after repeated minor "
                       "or general violations (credit.reminder.issued.v1) and is recorded "
                       "once held", "no-reminder-due")
    if entry.held_on < watch.reminder_due_on:
        unusable("body.held_on", f"{entry.held_on.isoformat()} is before the reminder became "
                 f"due ({watch.reminder_due_on.isoformat()}); give the day it was held")
    reminder = Reminder(id=str(uuid.uuid4()), uscc=uscc, department=caller.dept,
                        held_on=entry.held_on, note=entry.note,
                        record_ids=list(watch.record_ids), created_at=ctx.clock.now())
    session.add(reminder)
    watch.reminder_issued_on, watch.reminder_due_on = entry.held_on, None
    await session.flush()
    actor = actor_of(caller)
    await audit(uow, actor=actor, action="credit.reminder.held", subject=uscc,
                detail={"reminder_id": reminder.id, "held_on": entry.held_on.isoformat(),
                        "record_ids": reminder.record_ids})
    uow.emit(ReminderHeld(reminder_id=reminder.id, uscc=uscc, department=caller.dept,
                          held_on=entry.held_on, record_ids=reminder.record_ids))
    await regrade(ctx, uow, uscc, today, actor=actor)
    return reminder


async def list_reminders(session: AsyncSession, uscc: str) -> list[Reminder]:
    """An entity's recorded reminders, latest first."""
    await find_entity(session, uscc)
    return list(await session.scalars(select(Reminder).where(Reminder.uscc == uscc)
                                      .order_by(Reminder.held_on.desc(),
                                                Reminder.created_at.desc())))
