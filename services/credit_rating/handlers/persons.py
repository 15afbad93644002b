"""The people behind an entity (CR-5): joint punishment extends to the responsible persons
(负责人 / 直接责任人) as to the legal representative. They are kept, and announced, only
as keyed hashes: of the name or ID number given (responsible persons), and of their ID
numbers (the legal representative and responsible persons, for 逢办必查 without
namesakes, issue 16.9); a change while the entity is blacklisted is announced again."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.persons import LEGAL_REPRESENTATIVE, RESPONSIBLE_PERSON
from services.credit_rating.handlers.commands import PersonIds
from services.credit_rating.handlers.steps.list_keeping import person_hash, reannounce_blacklisted
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.models import EntityPersonId, ResponsiblePerson
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


async def set_person_ids(ctx: CreditContext, uow: UnitOfWork, uscc: str, ids: PersonIds, *,
                         actor: str) -> tuple[bool, int]:
    """Make ``ids`` the ID numbers of the people behind the entity (kept as keyed hashes);
    while it is blacklisted the change is announced again. Whether a legal
    representative's is registered, and how many responsible persons' are."""
    session, key, now = uow.session, ctx.person_key, ctx.clock.now()
    await find_entity(session, uscc)
    wanted = {(person_hash(number, key), role) for role, numbers in (
        (LEGAL_REPRESENTATIVE, [ids.legal_representative] if ids.legal_representative else []),
        (RESPONSIBLE_PERSON, ids.responsible_persons)) for number in numbers}
    stored = {(row.person_hash, row.role) for row in await session.execute(
        select(EntityPersonId.person_hash, EntityPersonId.role)
        .where(EntityPersonId.uscc == uscc))}
    answer = (ids.legal_representative is not None,
              sum(1 for _, role in wanted if role == RESPONSIBLE_PERSON))
    if wanted == stored:
        return answer
    for person, role in stored - wanted:
        await session.execute(delete(EntityPersonId).where(
            EntityPersonId.uscc == uscc, EntityPersonId.person_hash == person,
            EntityPersonId.role == role))
    session.add_all(EntityPersonId(uscc=uscc, person_hash=person, role=role, created_at=now)
                    for person, role in sorted(wanted - stored))  # type: ignore[type-var]
    await session.flush()
    await audit(uow, actor=actor, action="credit.person_ids.set", subject=uscc,
                detail={"legal_representative": answer[0], "responsible_persons": answer[1]})
    await reannounce_blacklisted(uow, ctx.rules, [uscc], key, now)
    return answer
