"""The public credit query (信用查询, PN-5): an entity's public profile by its USCC.

Three indexed point reads (the entity, its published notices, the published draw lists
it is on) on the driver itself, no ORM session: this is the call the public makes most,
and the benchmark's (1,000,000 entities, 3,000,000 notices).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain import words
from services.public_notice.models import DrawSelection, Notice, PublicEntity
from services.public_notice.queries.views import (
    DrawAppearance,
    EntityPublic,
    notice_out,
    public_on,
)
from shared.errors import NotFound

ENTITY = select(PublicEntity.name, PublicEntity.region, PublicEntity.established_on,
                PublicEntity.grade).where(PublicEntity.uscc == bindparam("uscc"))
NOTICE_COLUMNS = (Notice.id, Notice.number, Notice.kind, Notice.department, Notice.uscc,
                  Notice.title, Notice.summary, Notice.legal_basis, Notice.decision_basis,
                  Notice.severity, Notice.penalty_kind, Notice.fine_yuan, Notice.ban_until,
                  Notice.decided_on, Notice.published_on, Notice.ends_on,
                  Notice.repairable_from, Notice.exposed,
                  Notice.status)
NOTICES = select(*NOTICE_COLUMNS).where(Notice.uscc == bindparam("uscc"),
                                        Notice.status == "published")
# the draw lists the entity is on, whatever their state (``public_on`` keeps the published
# ones): with ``status = 'published'`` in the statement, SQLite (no statistics) starts from
# every published notice and probes each for the entity (150 ms at 200,000 notices)
DRAWN = select(Notice.id, Notice.title, Notice.published_on, Notice.ends_on,
               Notice.status).join(DrawSelection, DrawSelection.notice_id == Notice.id) \
    .where(DrawSelection.uscc == bindparam("uscc"))
LISTS = {"blacklist": "blacklisted", "abnormal_list": "abnormal"}


class EntityUnknown(NotFound):
    def __init__(self, uscc: str) -> None:
        super().__init__("entity", uscc, "nothing is public about this code; check it, or "
                         "search by name with GET /v1/entities?q=")


async def entity_profile(ctx: PublicNoticeContext, uscc: str, today: date) -> EntityPublic:
    """What is public about ``uscc`` on ``today``; ``EntityUnknown`` when nothing is."""
    db = ctx.database
    entity = await db.point_read(ENTITY).first(uscc=uscc)
    rows = [row for row in await db.point_read(NOTICES).all(uscc=uscc) if public_on(row, today)]
    drawn = [row for row in await db.point_read(DRAWN).all(uscc=uscc) if public_on(row, today)]
    if entity is None and not rows and not drawn:
        raise EntityUnknown(uscc)
    rows.sort(key=lambda row: (row.published_on, row.number), reverse=True)
    name = entity.name if entity is not None and entity.name else None
    grade = entity.grade if entity is not None and entity.grade in \
        ctx.rules.file.grades.public else None
    kinds = {row.kind for row in rows}
    return EntityPublic(
        uscc=uscc, name=name,
        region_name=ctx.names.region(entity.region) if entity is not None and entity.region
        else None,
        established_on=entity.established_on if entity is not None and entity.name else None,
        grade=grade, grade_name=words.GRADE.get(grade) if grade else None,
        blacklisted="blacklist" in kinds, abnormal="abnormal_list" in kinds,
        notices=[notice_out(row, ctx.names, ctx.rules, name) for row in rows],
        draw_lists=[DrawAppearance(notice_id=row.id, title=row.title,
                                   published_on=row.published_on) for row in drawn],
        as_of=today)
