"""提醒约谈 routes (CR-7): an officer records the interview their department held when one
was due; any department's token reads an entity's reminders."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.handlers.list_commands import ReminderEntry
from services.credit_rating.handlers.reminders import list_reminders, record_reminder
from services.credit_rating.list_schemas import ReminderView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities/{uscc}/reminders")


@router.post("", status_code=201, response_model=ReminderView, responses=problems(404, 409),
             summary="Record the 提醒约谈 your department held while one was due (409 when "
             "none is); violations after it count toward the 重点关注企业名单")
async def record(uscc: UsccPath, entry: ReminderEntry, caller: Officer, ctx: Ctx,
                 uow: UnitOfWorkDep) -> ReminderView:
    return ReminderView.model_validate(await record_reminder(ctx, uow, uscc, entry,
                                                             caller=caller))


@router.get("", response_model=list[ReminderView], responses=problems(404),
            summary="An entity's recorded reminders, latest first")
async def listing(uscc: UsccPath, _caller: CallerDep,
                  session: ReaderDep) -> list[ReminderView]:
    return [ReminderView.model_validate(r) for r in await list_reminders(session, uscc)]
