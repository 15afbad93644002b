"""The entity mirror (主体镜像): names and regions from ``credit.entity.upserted.v1``,
for matching complaints that name their subject without a USCC."""

from __future__ import annotations

from datetime import datetime

from services.complaint_intake.domain.matching import name_key
from services.complaint_intake.models import MirroredEntity
from shared.contracts.credit import EntityUpserted
from shared.db import UnitOfWork


async def mirror_entity(uow: UnitOfWork, event: EntityUpserted, at: datetime) -> None:
    """Insert or update the mirrored entity; the same event twice changes nothing."""
    row = await uow.session.get(MirroredEntity, event.uscc)
    if row is None:
        uow.session.add(MirroredEntity(uscc=event.uscc, name=event.name,
                                       name_key=name_key(event.name)[:200],
                                       region=event.region, updated_at=at))
        return
    row.name, row.name_key = event.name, name_key(event.name)[:200]
    row.region, row.updated_at = event.region, at
