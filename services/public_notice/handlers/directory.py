"""The public directory of entities (主体名录): registered name, region and the credit
grade, mirrored from credit-rating's events so that the public can search by name.

Events may arrive out of order (a replay after a broker loss): each credit state copied
here, and the list notices (``credit_events``), keeps the version its event carried
(``mirrored_versions``), and an event not newer than it changes nothing (the inbox has
recorded it as seen). An event without a version (a producer before versions) applies
as it arrives."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.models import MirroredVersion, PublicEntity
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.db import UnitOfWork

UNKNOWN_SINCE = date(1949, 10, 1)  # a graded entity whose registration is not here yet


async def register_entity(ctx: PublicNoticeContext, uow: UnitOfWork,
                          event: EntityUpserted) -> None:
    """An entity registered or changed: its public registry data (no personal data)."""
    if not await newer_state(uow, "entity", event.uscc, event.version):
        return
    await _upsert(uow, event.uscc, {
        "name": event.name[:200], "region": event.region, "industry": event.industry,
        "established_on": event.established_on, "updated_at": ctx.clock.now()})


async def change_grade(ctx: PublicNoticeContext, uow: UnitOfWork, event: GradeChanged) -> None:
    """A new credit grade; shown where the rules make grades public."""
    if not await newer_state(uow, "grade", event.uscc, event.version):
        return
    await _upsert(uow, event.uscc, {
        "grade": event.new_grade, "grade_rule_version": event.rule_version,
        "graded_at": event.changed_at, "updated_at": ctx.clock.now()},
        placeholder={"name": "", "region": "", "industry": "",
                     "established_on": UNKNOWN_SINCE})


async def newer_state(uow: UnitOfWork, kind: str, subject: str, version: int | None) -> bool:
    """Whether an event at ``version`` of the ``kind`` state of ``subject`` is newer than
    the copy's, which then holds ``version`` (one statement: only a higher version
    replaces the one held). True for an event without a version."""
    if version is None:
        return True
    table = MirroredVersion.__table__
    statement = _insert(uow)(table).values(kind=kind, subject=subject, version=version)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.kind, table.c.subject],
        set_={"version": statement.excluded.version},
        where=table.c.version < statement.excluded.version).returning(table.c.version)
    return (await uow.session.execute(statement)).first() is not None


async def _upsert(uow: UnitOfWork, uscc: str, values: dict[str, object],
                  placeholder: dict[str, object] | None = None) -> None:
    statement = _insert(uow)(PublicEntity).values(uscc=uscc,
                                                  **{**(placeholder or {}), **values})
    await uow.session.execute(statement.on_conflict_do_update(
        index_elements=[PublicEntity.uscc], set_=values))


def _insert(uow: UnitOfWork):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which takes ON CONFLICT."""
    return pg_insert if uow.session.get_bind().dialect.name == "postgresql" else sqlite_insert
