"""进一次门、查多项事 (IN-4): visits of tasks of the same department(s) whose inspection
windows overlap, to the same object, are made as one visit.

After a draw, each of its visits to an object that a planned visit of such a task also goes
to (one on which no result has been recorded yet: the door is not yet entered) joins it:
every member carries ``joint_visit_id``, the id of the group's first visit. The group is
one appointment with all the members' matters and inspectors; a result for any of its
matters may be recorded on any member's id. The draws themselves (and their proofs) are
untouched: joining is the scheduling after the draw.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.models import ResultRow, Task, VisitRow

PLANNED = "planned"


def departments_of(task: Task) -> tuple[str, ...]:
    return tuple(sorted({m["department"] for m in task.matters}))


async def join(session: AsyncSession, task: Task, draw_id: str) -> int:
    """Join the visits of ``draw_id`` (of ``task``) to overlapping tasks' planned visits of
    the same objects; returns how many joined."""
    partners = [t.current_draw_id for t in await session.scalars(select(Task).where(
        Task.id != task.id, Task.current_draw_id.is_not(None),
        Task.window_start <= task.window_end, Task.window_end >= task.window_start))
        if departments_of(t) == departments_of(task)]
    if not partners:
        return 0
    mine = dict((await session.execute(select(VisitRow.uscc, VisitRow.id).where(
        VisitRow.draw_id == draw_id))).all())
    hosts = (await session.execute(select(VisitRow.uscc, VisitRow.id, VisitRow.joint_visit_id)
                                   .where(VisitRow.draw_id.in_(partners),
                                          VisitRow.status == PLANNED)
                                   .order_by(VisitRow.id))).all()
    started = set(await session.scalars(select(ResultRow.visit_id).join(
        VisitRow, VisitRow.id == ResultRow.visit_id).where(VisitRow.draw_id.in_(partners))))
    changes: dict[str, str] = {}
    joined: set[str] = set()
    for uscc, host, group in hosts:
        if uscc not in mine or uscc in joined or host in started:
            continue
        group = group or host
        changes[host] = group
        changes[mine[uscc]] = group
        joined.add(uscc)
    if changes:
        await session.execute(update(VisitRow), [
            {"id": visit, "joint_visit_id": group} for visit, group in changes.items()])
    return len(joined)


async def leave(session: AsyncSession, draw_id: str) -> None:
    """The visits of a superseded draw leave their groups; a group left with one member
    dissolves, one whose first visit left is named after its next member."""
    gone = (await session.execute(select(VisitRow.id, VisitRow.joint_visit_id).where(
        VisitRow.draw_id == draw_id, VisitRow.joint_visit_id.is_not(None)))).all()
    if not gone:
        return
    groups = {group for _, group in gone}
    await session.execute(update(VisitRow).where(VisitRow.draw_id == draw_id)
                          .values(joint_visit_id=None))
    members: dict[str, list[str]] = defaultdict(list)
    for visit, group in (await session.execute(select(VisitRow.id, VisitRow.joint_visit_id)
                                               .where(VisitRow.joint_visit_id.in_(groups))
                                               .order_by(VisitRow.id))).all():
        members[group].append(visit)
    changes = []
    for group, visits in members.items():
        new_group = None if len(visits) < 2 else (group if group in visits else visits[0])
        if new_group != group:
            changes += [{"id": v, "joint_visit_id": new_group} for v in visits]
    if changes:
        await session.execute(update(VisitRow), changes)


@dataclass(frozen=True)
class JointView:
    """A visit as it is made: the group's id, every member's matters and inspectors."""

    joint_visit: str | None
    matters: list[dict[str, str]]
    inspectors: list[str]


async def views(session: AsyncSession, visits: list[VisitRow]) -> dict[str, JointView]:
    """The joint view of each visit (by visit id); a visit alone is its own view."""
    groups = {v.joint_visit_id for v in visits if v.joint_visit_id}
    members: dict[str, list[VisitRow]] = defaultdict(list)
    if groups:
        for row in await session.scalars(select(VisitRow).where(
                VisitRow.joint_visit_id.in_(groups)).order_by(VisitRow.id)):
            members[row.joint_visit_id].append(row)  # type: ignore[index]
    task_ids = {v.task_id for v in visits} | {m.task_id for ms in members.values() for m in ms}
    tasks = {t.id: t for t in await session.scalars(select(Task).where(Task.id.in_(task_ids)))}
    found = {}
    for visit in visits:
        group = members.get(visit.joint_visit_id or "", [visit])
        ordered = [visit, *(m for m in group if m.id != visit.id)]
        matters = [{**m, "task_id": v.task_id} for v in ordered for m in tasks[v.task_id].matters]
        people = list(dict.fromkeys(i for v in ordered for i in v.inspectors))
        found[visit.id] = JointView(visit.joint_visit_id, matters, people)
    return found


async def member_for(session: AsyncSession, visit: VisitRow, matter: str) -> VisitRow | None:
    """The member of ``visit``'s group whose task checks ``matter`` (the visit itself
    first); None if no member does."""
    candidates = [visit]
    if visit.joint_visit_id:
        candidates += [m for m in await session.scalars(select(VisitRow).where(
            VisitRow.joint_visit_id == visit.joint_visit_id, VisitRow.id != visit.id))]
    for member in candidates:
        task = await session.get(Task, member.task_id)
        if task is not None and any(m["code"] == matter for m in task.matters):
            return member
    return None
