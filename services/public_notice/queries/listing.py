"""Lists of notices (公示列表) by kind, department or entity, one notice, and the search of
the public directory by name or code. Only what is public today is ever returned."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.models import DrawSelection, Notice, PublicEntity
from services.public_notice.queries.views import (
    EntityHit,
    NoticeOut,
    NoticePage,
    notice_out,
    public_on,
)
from shared.errors import NotFound
from shared.uscc import InvalidUSCC, validate

MAX_SELECTED = 1000  # entities of a draw list shown with it


class NoticeFilter:
    """The filters of a list: kind, department, entity, 曝光台 only."""

    def __init__(self, kind: str | None = None, department: str | None = None,
                 uscc: str | None = None, exposed: bool = False) -> None:
        self.kind, self.department, self.uscc, self.exposed = kind, department, uscc, exposed

    def conditions(self, today: date) -> list[object]:
        found: list[object] = [Notice.status == "published",
                               or_(Notice.ends_on.is_(None), Notice.ends_on > today)]
        if self.kind:
            found.append(Notice.kind == self.kind)
        if self.department:
            found.append(Notice.department == self.department)
        if self.uscc:
            found.append(Notice.uscc == self.uscc)
        if self.exposed:
            found.append(Notice.exposed.is_(True))
        return found


async def notice_page(ctx: PublicNoticeContext, filters: NoticeFilter, today: date,
                      page: int, size: int) -> NoticePage:
    """One page of what is public, newest first."""
    query = select(Notice, PublicEntity.name).outerjoin(
        PublicEntity, PublicEntity.uscc == Notice.uscc).where(*filters.conditions(today)) \
        .order_by(Notice.published_on.desc(), Notice.number.desc()) \
        .offset((page - 1) * size).limit(size + 1)
    async with ctx.database.reader() as session:
        rows = (await session.execute(query)).all()
    items = [notice_out(notice, ctx.names, ctx.rules, name) for notice, name in rows[:size]]
    return NoticePage(items=items, page=page, size=size, more=len(rows) > size)


async def one_notice(ctx: PublicNoticeContext, notice_id: str,
                     today: date) -> tuple[NoticeOut, list[EntityHit], int]:
    """A public notice, with the entities of a draw list (the first ``MAX_SELECTED``) and
    how many it has; a notice not public (withdrawn, held, blocked, ended) is not found."""
    async with ctx.database.reader() as session:
        row = (await session.execute(select(Notice, PublicEntity.name).outerjoin(
            PublicEntity, PublicEntity.uscc == Notice.uscc).where(
            Notice.id == notice_id))).first()
        if row is None or not public_on(row[0], today):
            raise NotFound("notice", notice_id, "it may have been withdrawn or its period "
                           "ended; list what is public with GET /v1/notices")
        selected: list[EntityHit] = []
        if row[0].kind == "draw_list":
            found = await session.execute(select(DrawSelection.uscc, PublicEntity.name,
                                                 PublicEntity.region).outerjoin(
                PublicEntity, PublicEntity.uscc == DrawSelection.uscc).where(
                DrawSelection.notice_id == notice_id).order_by(DrawSelection.uscc)
                .limit(MAX_SELECTED))
            selected = [EntityHit(uscc=uscc, name=name or "", region_name=ctx.names.region(
                region or "")) for uscc, name, region in found.all()]
    count = int(row[0].details.get("selected_count", len(selected))) if row[0].details else 0
    return notice_out(row[0], ctx.names, ctx.rules, row[1]), selected, count


async def search_entities(ctx: PublicNoticeContext, text: str, limit: int = 20) -> list[EntityHit]:
    """Entities whose name contains ``text``, or the one whose code it is (control
    characters are dropped: a NUL is no part of a name, and PostgreSQL refuses one)."""
    text = "".join(char for char in text if char.isprintable()).strip()
    if not text:
        return []
    try:
        condition = PublicEntity.uscc == validate(text)
    except (InvalidUSCC, ValueError):
        condition = PublicEntity.name.contains(text, autoescape=True)
        if text.isascii() and text.isalnum():  # the start of a code
            condition = or_(condition,
                            PublicEntity.uscc.startswith(text.upper(), autoescape=True))
    query = select(PublicEntity.uscc, PublicEntity.name, PublicEntity.region) \
        .where(condition, PublicEntity.name != "").order_by(PublicEntity.name).limit(limit)
    async with ctx.database.reader() as session:
        rows = (await session.execute(query)).all()
    return [EntityHit(uscc=uscc, name=name, region_name=ctx.names.region(region))
            for uscc, name, region in rows]
