"""The public directory of entities (主体名录): registered name, region and the credit
grade, mirrored from credit-rating's events so that the public can search by name."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.models import PublicEntity
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.db import UnitOfWork

UNKNOWN_SINCE = date(1949, 10, 1)  # a graded entity whose registration is not here yet


async def register_entity(ctx: PublicNoticeContext, uow: UnitOfWork,
                          event: EntityUpserted) -> None:
    """An entity registered or changed: its public registry data (no personal data)."""
    await _upsert(uow, event.uscc, {
        "name": event.name[:200], "region": event.region, "industry": event.industry,
        "established_on": event.established_on, "updated_at": ctx.clock.now()})


async def change_grade(ctx: PublicNoticeContext, uow: UnitOfWork, event: GradeChanged) -> None:
    """A new credit grade; shown where the rules make grades public."""
    await _upsert(uow, event.uscc, {
        "grade": event.new_grade, "grade_rule_version": event.rule_version,
        "graded_at": event.changed_at, "updated_at": ctx.clock.now()},
        placeholder={"name": "", "region": "", "industry": "",
                     "established_on": UNKNOWN_SINCE})


async def _upsert(uow: UnitOfWork, uscc: str, values: dict[str, object],
                  placeholder: dict[str, object] | None = None) -> None:
    session = uow.session
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(PublicEntity).values(uscc=uscc, **{**(placeholder or {}), **values})
    await session.execute(statement.on_conflict_do_update(
        index_elements=[PublicEntity.uscc], set_=values))
