"""Keeping the object roster mirror (检查对象名录库) from credit-rating's events.

Each event changes one object and recomputes its snapshot prefix, stratum label and key
(``domain.mirror``). Events of different topics can arrive in any order: a grade or a
blacklist change for an object not yet registered here makes an unregistered row that the
registry event completes (it is not drawn before). Events of one topic can arrive out of
order too (a replay after a broker loss): each state (registry, grade, blacklisting)
keeps the version its event carried, and an event not newer than it changes nothing
(the inbox has recorded it as seen).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain.mirror import MirroredObject, held_after, newer, risk_of
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.models import (
    DrawRow,
    InspectionHistory,
    InspectionObject,
    Plan,
    Task,
)
from shared.auth import Caller
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.contracts.credit_lists import BlacklistChanged
from shared.db import UnitOfWork
from shared.errors import NotFound

PLACEHOLDER = "-"
# an object's random inspections, by ``ix_inspection_history_uscc_year``
HISTORY_OF = select(InspectionHistory, Task.window_start, Plan.departments) \
    .join(DrawRow, DrawRow.id == InspectionHistory.draw_id) \
    .join(Task, Task.id == DrawRow.task_id).join(Plan, Plan.id == Task.plan_id) \
    .where(InspectionHistory.uscc == bindparam("uscc")) \
    .order_by(InspectionHistory.year.desc(), InspectionHistory.visit_id)


async def register_object(ctx: DrawContext, uow: UnitOfWork, event: EntityUpserted) -> None:
    """An entity registered or changed at credit-rating: region and industry."""
    row = await _row(uow, event.uscc)
    if not newer(row.registry_version, event.version):
        return
    row.region, row.industry, row.registered = event.region, event.industry, True
    row.registry_version = held_after(row.registry_version, event.version)
    _refresh(row, ctx.rules, ctx.clock.now())


async def change_grade(ctx: DrawContext, uow: UnitOfWork, event: GradeChanged) -> None:
    """A new credit grade (and the three-years-without-penalty flag)."""
    row = await _row(uow, event.uscc)
    if not newer(row.grade_version, event.version):
        return
    row.grade, row.no_penalty_3y = event.new_grade, event.no_penalty_3y
    row.grade_version = held_after(row.grade_version, event.version)
    _refresh(row, ctx.rules, ctx.clock.now())


async def change_blacklisting(ctx: DrawContext, uow: UnitOfWork,
                              event: BlacklistChanged) -> None:
    """Listed on or removed from the blacklist (a high risk level when listed)."""
    row = await _row(uow, event.uscc)
    if not newer(row.blacklist_version, event.version):
        return
    row.blacklisted = event.listed
    row.blacklist_version = held_after(row.blacklist_version, event.version)
    _refresh(row, ctx.rules, ctx.clock.now())


async def _row(uow: UnitOfWork, uscc: str) -> InspectionObject:
    row = await uow.session.get(InspectionObject, uscc)
    if row is None:
        row = InspectionObject(uscc=uscc, region=PLACEHOLDER, industry=PLACEHOLDER, grade=None,
                               no_penalty_3y=False, blacklisted=False, registered=False)
        uow.session.add(row)
    return row


def _refresh(row: InspectionObject, rules: DrawRuleFile, now: datetime) -> None:
    mirrored = MirroredObject(row.uscc, row.region, row.industry, row.grade, row.no_penalty_3y,
                              risk_of(row.blacklisted, rules.blacklist_risk_level))
    row.risk = mirrored.risk
    row.line = mirrored.line_prefix()
    row.stratum = mirrored.stratum_label()
    row.uscc_key = mirrored.signed_key()
    row.updated_at = now


async def object_with_history(session: AsyncSession, uscc: str, caller: Caller, today: date
                              ) -> tuple[InspectionObject, list[InspectionHistory]]:
    """An object of the roster and its random inspections, newest year first; one whose
    inspection window has not opened yet only for the departments of its plan (no tip-off)."""
    row = await session.get(InspectionObject, uscc)
    if row is None:
        raise NotFound("object", uscc, "credit-rating has not announced it "
                       "(credit.entity.upserted.v1)")
    found = (await session.execute(HISTORY_OF, {"uscc": uscc})).all()
    return row, [h for h, opens, departments in found
                 if opens <= today or caller.dept in departments]
