"""Whistleblower rewards (举报奖励, CP-4): decided for a substantiated report that led to a
fine, with the amount and its basis from the rules, then approved and paid. Both are
the reviewer's (复核) of the handling department."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from services.complaint_intake.domain.lifecycle import Outcome
from services.complaint_intake.domain.rewards import whistleblower_reward
from services.complaint_intake.handlers.steps import handled_complaint
from services.complaint_intake.models import Reward
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.clock import china_day
from shared.db import UnitOfWork
from shared.errors import WrongState

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext

_FEN = Decimal("0.01")
_NEXT_STATE = {"approved": "proposed", "paid": "approved"}


async def decide_reward(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                        caller: Caller, fine_yuan: Decimal, level: int,
                        at: datetime) -> Reward:
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    if complaint.kind != "report" or complaint.outcome != Outcome.SUBSTANTIATED:
        raise WrongState("a reward is for a report (举报) closed as substantiated; this is a "
                          f"{complaint.kind} with outcome {complaint.outcome or 'none yet'}")
    if await uow.session.get(Reward, complaint.id) is not None:
        raise WrongState("a reward was already decided for this report")
    reward = whistleblower_reward(fine_yuan, level, complaint.internal_whistleblower, ctx.rules)
    row = Reward(complaint_id=complaint.id, level=level, fine_yuan=fine_yuan.quantize(_FEN),
                 amount_yuan=reward.amount.quantize(_FEN), basis=reward.basis, state="proposed",
                 decided_on=china_day(at))
    uow.session.add(row)
    await audit(uow, actor=actor_of(caller), action="complaint.reward.decided",
                subject=complaint.id, detail={"level": level, "fine_yuan": str(fine_yuan),
                                              "amount_yuan": str(reward.amount)})
    return row


async def advance_payment(uow: UnitOfWork, complaint_id: str, caller: Caller, state: str,
                          at: datetime) -> Reward:
    """proposed → approved → paid, one step at a time."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    row = await uow.session.get(Reward, complaint.id)
    if row is None:
        raise WrongState("no reward was decided for this report; decide it first")
    if row.state != _NEXT_STATE[state]:
        raise WrongState(f"the reward is {row.state}; it can become {state} only from "
                          f"{_NEXT_STATE[state]}")
    row.state = state
    if state == "paid":
        row.paid_on = china_day(at)
    await audit(uow, actor=actor_of(caller), action=f"complaint.reward.{state}",
                subject=complaint.id, detail={"amount_yuan": str(row.amount_yuan)})
    return row
