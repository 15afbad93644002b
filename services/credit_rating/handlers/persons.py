"""Responsible persons (负责人 / 直接责任人, CR-5): joint punishment extends to them as to
the legal representative. They are kept, and announced, only as keyed hashes of the name
or ID number given; a change while the entity is blacklisted is announced again."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.steps.list_keeping import person_hash, reannounce_blacklisted
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.models import ResponsiblePerson
from shared.audit import record as audit
from shared.db import UnitOfWork


async def set_responsible_persons(ctx: CreditContext, uow: UnitOfWork, uscc: str,
                                  persons: Sequence[str], *, actor: str) -> list[str]:
    """Make ``persons`` the entity's responsible persons; their hashes, sorted."""
    session, person_key = uow.session, ctx.person_key
    await find_entity(session, uscc)
    wanted = {h for h in (person_hash(p, person_key) for p in persons) if h is not None}
    stored = set(await session.scalars(select(ResponsiblePerson.person_hash)
                                       .where(ResponsiblePerson.uscc == uscc)))
    if wanted == stored:
        return sorted(wanted)
    now = ctx.clock.now()
    if stored - wanted:
        await session.execute(delete(ResponsiblePerson).where(
            ResponsiblePerson.uscc == uscc,
            ResponsiblePerson.person_hash.in_(stored - wanted)))
    session.add_all(ResponsiblePerson(uscc=uscc, person_hash=h, created_at=now)
                    for h in sorted(wanted - stored))
    await session.flush()
    await audit(uow, actor=actor, action="credit.responsible_persons.set", subject=uscc,
                detail={"persons": len(wanted), "added": len(wanted - stored),
                        "removed": len(stored - wanted)})
    await reannounce_blacklisted(uow, ctx.rules, [uscc], person_key, now)
    return sorted(wanted)
