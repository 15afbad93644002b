"""Notices (公示信息): the public lists and one notice (no token; each call costs one from
the address's quota), the catalogue of kinds with their rules, a department's withdrawal
of its own notice (officer) and the operator's expiry sweep."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.public_notice.api.deps import Ctx, NoticeId, QueryQuota
from services.public_notice.domain import words
from services.public_notice.handlers.expiry import expire_ended
from services.public_notice.handlers.withdrawals import DepartmentReason, Withdrawal, withdraw
from services.public_notice.queries.listing import NoticeFilter, notice_page, one_notice
from services.public_notice.queries.views import EntityHit, NoticeOut, NoticePage
from shared.access import Officer, Operator, actor_of
from shared.contracts.notice import NoticeKind
from shared.fields import Day
from shared.web.deps import UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
Department = Annotated[str | None, Query(pattern=r"^[A-Z0-9-]{1,32}$",
                                         description="publishing department code")]


class NoticeDetail(BaseModel):
    """A notice, and for a draw list the entities drawn (the first 1,000)."""

    notice: NoticeOut
    selected: list[EntityHit]
    selected_count: int


class KindOut(BaseModel):
    """A kind of notice and the rules it is published under."""

    code: NoticeKind
    name: str
    group: str
    group_name: str
    basis: str = Field(description="公示依据")
    period: str = Field(description="penalty, credit, fixed, commitment or listing")
    months: int | None
    publish_within_workdays: int


class WithdrawalIn(BaseModel):
    reason: DepartmentReason = Field(description="why: revoked (决定被撤销), state_secret, "
                                     "trade_secret, personal_privacy, minor, error")
    revoked_on: Day | None = Field(default=None, description="for revoked: the day the "
                                   "decision was revoked (default today); the take-down "
                                   "limit counts from it")
    note: str | None = Field(default=None, max_length=200, description="for the audit log")


class WithdrawnOut(BaseModel):
    notice_id: str
    reason: str
    withdrawn_on: date
    due_on: date | None = Field(description="for a revocation, the last day allowed")


class ExpiredOut(BaseModel):
    withdrawn: int = Field(description="notices taken down because their period ended")


@router.get("/notices", response_model=NoticePage,
            summary="Public notices in force, newest first, by kind, department or entity")
async def list_notices(ctx: Ctx, _: QueryQuota, kind: NoticeKind | None = None,
                       department: Department = None,
                       uscc: Annotated[str | None, Query(pattern=r"^[0-9A-Z]{18}$")] = None,
                       exposed: Annotated[bool, Query(description="曝光台 only")] = False,
                       page: Annotated[int, Query(ge=1, le=1000)] = 1,
                       size: Annotated[int, Query(ge=1, le=100)] = 20) -> NoticePage:
    filters = NoticeFilter(kind, department, uscc, exposed)
    return await notice_page(ctx, filters, ctx.clock.today(), page, size)


@router.get("/notices/{notice_id:uuid}", response_model=NoticeDetail, responses=problems(404),
            summary="One public notice (a draw list with its entities)")
async def get_notice(notice_id: NoticeId, ctx: Ctx, _: QueryQuota) -> NoticeDetail:
    notice, selected, count = await one_notice(ctx, str(notice_id), ctx.clock.today())
    return NoticeDetail(notice=notice, selected=selected, selected_count=count)


@router.get("/kinds", response_model=list[KindOut],
            summary="The kinds of notices and the rules each is published under")
async def kinds(ctx: Ctx, _: QueryQuota) -> list[KindOut]:
    return [KindOut(code=k.code, name=k.name, group=k.group, group_name=words.GROUP[k.group],
                    basis=k.basis, period=k.period, months=k.months,
                    publish_within_workdays=k.publish_within_workdays)
            for k in ctx.rules.file.kinds]


@router.post("/notices/{notice_id:uuid}:withdraw", response_model=WithdrawnOut,
             responses=problems(404, 409),
             summary="撤回: the publishing department takes its notice down")
async def withdraw_notice(notice_id: NoticeId, body: WithdrawalIn, caller: Officer, ctx: Ctx,
                          uow: UnitOfWorkDep) -> WithdrawnOut:
    done = await withdraw(ctx, uow, caller, Withdrawal(str(notice_id), body.reason,
                                                       body.revoked_on, body.note))
    return WithdrawnOut(notice_id=done.notice_id, reason=done.reason,
                        withdrawn_on=done.withdrawn_on, due_on=done.due_on)


@router.post("/notices:expire", response_model=ExpiredOut,
             summary="Take down now every notice whose period has ended (operator)")
async def expire(caller: Operator, ctx: Ctx) -> ExpiredOut:
    return ExpiredOut(withdrawn=await expire_ended(ctx, actor=actor_of(caller)))
