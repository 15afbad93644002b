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

from sqlalchemy import and_, bindparam, literal, select
from sqlalchemy.orm import aliased

from services.credit_rating.domain.blacklist import assess_blacklist
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.steps.facts import listing_facts
from services.credit_rating.models import CreditListEntry, Entity, EntityPersonId
from shared.db import Database

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


# the links of the entity asked about: a few rows, read on the driver (the check's path)
_LINKS_OF = select(_THEIRS.uscc.label("uscc"), Entity.name.label("name"),
                   _MINE.role.label("role_here"), _THEIRS.role.label("role_there")) \
    .select_from(_MINE).join(_THEIRS, _LINKS).join(Entity, Entity.uscc == _THEIRS.uscc) \
    .where(_MINE.uscc == bindparam("uscc")).distinct() \
    .order_by(_THEIRS.uscc, _MINE.role, _THEIRS.role)


async def persons_behind(db: Database, rules: CreditRules, uscc: str,
                         as_of: date) -> tuple[PersonLink, ...]:
    """The blacklisted entities (on ``as_of``) the people behind ``uscc`` stand behind:
    point reads only (:mod:`shared.point_read`); through an ORM session the same reads
    cost ~2 ms, on the path of every check whose ``PERSON_HINT`` is set."""
    links, listed = [], {}
    for other, name, here, there in await db.point_read(_LINKS_OF).all(uscc=uscc):
        if other not in listed:
            records, since, decisions = await listing_facts(db, other, as_of)
            listed[other] = assess_blacklist(records, rules, as_of, since, decisions).listed
        if listed[other]:
            links.append(PersonLink(other, name, here, there))
    return tuple(links)
