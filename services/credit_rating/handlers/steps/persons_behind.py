"""逢办必查 looks through an entity to the people behind it (CR-5, issue 16.9): its legal
representative or a responsible person who also stands behind a blacklisted entity,
matched by the keyed hash of the ID number (``EntityPersonId``), never by name, so
namesakes do not collide.

``PERSON_HINT`` is one EXISTS column of the check's single read: some person of the
entity stands behind an entity whose stored listing is on. Only then are the links read
and each entity behind them assessed on the day asked (a listing may have lapsed since
it was stored; one that time alone makes, three years on the 经营异常名录, is stored by
the daily re-grade).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.steps.facts import blacklist_on
from services.credit_rating.models import CreditListEntry, Entity, EntityPersonId

BLACKLIST = "blacklist"
_MINE, _THEIRS, _LISTED = aliased(EntityPersonId), aliased(EntityPersonId), \
    aliased(CreditListEntry)
_LINKS = and_(_THEIRS.person_hash == _MINE.person_hash, _THEIRS.uscc != _MINE.uscc)
# Nested, each level correlated to the one above, so the plan has to start from the entity
# asked about (its persons, then their other entities, then those entities' listings). As
# one join, SQLite (no statistics) started from every blacklisted entity instead: ~3 ms
# per check with 1% of 200,000 entities listed, against ~10 µs.
_THEIR_LISTING = select(literal(1)).where(
    _LISTED.uscc == _THEIRS.uscc, _LISTED.list_kind == BLACKLIST,
    _LISTED.listed.is_(True)).correlate(_THEIRS).exists()
_LISTED_ELSEWHERE = select(literal(1)).where(_LINKS, _THEIR_LISTING).correlate(_MINE).exists()
PERSON_HINT = select(literal(1)).where(_MINE.uscc == Entity.uscc, _LISTED_ELSEWHERE) \
    .correlate(Entity).exists().label("person_hint")


@dataclass(frozen=True)
class PersonLink:
    """A blacklisted entity a person of the checked entity stands behind: the person's
    role here and there, never who."""

    uscc: str
    name: str
    role_here: str
    role_there: str


async def persons_behind(session: AsyncSession, rules: CreditRules, uscc: str,
                         as_of: date) -> tuple[PersonLink, ...]:
    """The blacklisted entities (on ``as_of``) the people behind ``uscc`` stand behind."""
    rows = await session.execute(
        select(_THEIRS.uscc, Entity.name, _MINE.role, _THEIRS.role).select_from(_MINE)
        .join(_THEIRS, _LINKS).join(Entity, Entity.uscc == _THEIRS.uscc)
        .where(_MINE.uscc == uscc).distinct().order_by(_THEIRS.uscc, _MINE.role, _THEIRS.role))
    links, listed = [], {}
    for other, name, here, there in rows:
        if other not in listed:
            listed[other] = (await blacklist_on(session, rules, other, as_of)).listed
        if listed[other]:
            links.append(PersonLink(other, name, here, there))
    return tuple(links)
