"""The entity mirror (主体镜像): names and regions from ``credit.entity.upserted.v1``,
for matching complaints that name their subject without a USCC.

Events may arrive out of order (a replay after a broker loss): the row keeps the registry
version its event carried, and an event not newer than it changes nothing (the inbox has
recorded it as seen). An event without a version (a producer before versions) applies as
it arrives."""

from __future__ import annotations

from datetime import datetime

from services.complaint_intake.domain.matching import name_key
from services.complaint_intake.models import MirroredEntity
from shared.contracts.credit import EntityUpserted
from shared.db import UnitOfWork


async def mirror_entity(uow: UnitOfWork, event: EntityUpserted, at: datetime) -> None:
    """Insert or update the mirrored entity; the same event twice, or an older one,
    changes nothing."""
    row = await uow.session.get(MirroredEntity, event.uscc)
    if row is None:
        uow.session.add(MirroredEntity(uscc=event.uscc, name=event.name,
                                       name_key=name_key(event.name)[:200],
                                       region=event.region, updated_at=at,
                                       version=event.version))
        return
    if not newer(row.version, event.version):
        return
    row.name, row.name_key = event.name, name_key(event.name)[:200]
    row.region, row.updated_at = event.region, at
    row.version = row.version if event.version is None else event.version


def newer(held: int | None, incoming: int | None) -> bool:
    """Whether an event at ``incoming`` changes a row holding ``held``: only a higher
    version does; an unversioned event, or any while nothing versioned is held, does."""
    return incoming is None or held is None or incoming > held
