"""A department takes its own notice down (撤回公示, 谁公示谁负责): its decision was
revoked (撤销, within the take-down limit of the revocation), it carries a secret or
personal data, it names a minor, or it was wrong. Only the publishing department may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.timing import takedown_due
from services.public_notice.handlers.steps.withdrawal import take_down
from services.public_notice.models import Notice
from shared.access import actor_of, ensure_owner
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable, WrongState

DepartmentReason = Literal["revoked", "state_secret", "trade_secret", "personal_privacy",
                           "minor", "error"]


@dataclass(frozen=True)
class Withdrawal:
    """What a department says when it withdraws a notice."""

    notice_id: str
    reason: DepartmentReason
    revoked_on: date | None = None  # the day the decision was revoked (reason revoked)
    note: str | None = None


@dataclass(frozen=True)
class Withdrawn:
    notice_id: str
    reason: str
    withdrawn_on: date
    due_on: date | None


async def withdraw(ctx: PublicNoticeContext, uow: UnitOfWork, caller: Caller,
                   command: Withdrawal) -> Withdrawn:
    notice = await uow.session.get(Notice, command.notice_id, with_for_update=True)
    if notice is None or notice.status == "blocked":
        raise NotFound("notice", command.notice_id, "list notices with GET /v1/notices")
    ensure_owner(caller, notice.department, f"notice {notice.number}",
                 "only the publishing department withdraws its notices")
    if notice.status == "withdrawn":
        raise WrongState(f"notice {notice.number} was already withdrawn on "
                         f"{notice.withdrawn_on} ({notice.withdrawal_reason})")
    today = ctx.clock.today()
    due_on = None
    if command.reason == "revoked":
        revoked_on = command.revoked_on or today
        if revoked_on > today:
            raise Unusable("revoked_on", f"{revoked_on} is after today ({today}); give the "
                           "day the decision was revoked")
        due_on = takedown_due(revoked_on, ctx.rules)
    await take_down(ctx, uow, [notice], command.reason, actor=actor_of(caller),
                    due_on=due_on, note=command.note)
    return Withdrawn(notice.id, command.reason, today, due_on)
