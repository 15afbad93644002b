"""Who a complaint is about (被投诉举报对象): the USCC given, or the entity mirror's best
match for the name given (exact USCC first, then name similarity; CP-1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, func, select

from services.complaint_intake.domain.matching import (
    EntityMatch,
    best_match,
    entity_key,
    name_key,
)
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.errors import SubjectMissing
from services.complaint_intake.handlers.filing import Subject
from services.complaint_intake.models import MirroredEntity
from shared.db import Database

MIRRORED_BY_USCC = select(MirroredEntity.name, MirroredEntity.region) \
    .where(MirroredEntity.uscc == bindparam("uscc"))


# a batch's subjects at once: the USCCs as a list (PostgreSQL), or as one JSON array on
# SQLite, where the statement is then fixed and runs on the driver (``Database.point_read``)
_MIRRORED_AMONG = select(MirroredEntity.uscc, MirroredEntity.name, MirroredEntity.region)
MIRRORED_AMONG = _MIRRORED_AMONG.where(
    MirroredEntity.uscc.in_(bindparam("usccs", expanding=True)))
MIRRORED_AMONG_ONE_ARRAY = _MIRRORED_AMONG.where(MirroredEntity.uscc.in_(
    select(func.json_each(bindparam("usccs")).table_valued("value").c.value)))


@dataclass(frozen=True)
class ResolvedSubject:
    uscc: str | None
    name: str | None
    address: str | None
    entity_key: str
    match_score: float | None
    region: str | None


async def resolve_subject(db: Database, subject: Subject,
                          rules: ComplaintRules) -> ResolvedSubject:
    """The subject with its USCC when known, the match score and the region it is in."""
    if subject.uscc:
        mirrored = await db.point_read(MIRRORED_BY_USCC).first(uscc=subject.uscc)
        return _by_uscc(subject.uscc, subject.name, subject.address, mirrored)
    if not subject.name:
        raise SubjectMissing()
    match, rows = await _match_by_name(db, subject.name, rules)
    if match is None:
        return ResolvedSubject(uscc=None, name=subject.name, address=subject.address,
                               entity_key=entity_key(None, subject.name), match_score=None,
                               region=None)
    region = next(row.region for row in rows if row.uscc == match.uscc)
    return ResolvedSubject(uscc=match.uscc, name=subject.name, address=subject.address,
                           entity_key=match.uscc, match_score=match.score, region=region)


async def resolve_subjects(db: Database, subjects: Sequence[tuple[str | None, str | None,
                                                                   str | None]],
                           rules: ComplaintRules) -> list[ResolvedSubject]:
    """``resolve_subject`` of each (uscc, name, address), the mirror read once for every
    USCC among them (a batch of filings)."""
    usccs = sorted({uscc for uscc, _, _ in subjects if uscc})
    mirrored: dict[str, Row] = {}
    if usccs:
        rows = await (db.point_read(MIRRORED_AMONG_ONE_ARRAY).all(usccs=json.dumps(usccs))
                      if db.sqlite else db.point_read(MIRRORED_AMONG).all(usccs=usccs))
        mirrored = {row.uscc: row for row in rows}
    return [_by_uscc(uscc, name, address, mirrored.get(uscc)) if uscc else
            await resolve_subject(db, Subject.model_construct(uscc=uscc, name=name,
                                                              address=address), rules)
            for uscc, name, address in subjects]


def _by_uscc(uscc: str, name: str | None, address: str | None,
             mirrored: Row | None) -> ResolvedSubject:
    """The subject given by USCC: the mirror's name when none was given, its region
    (the code's own region digits when the entity is not mirrored)."""
    return ResolvedSubject(uscc=uscc, name=name or (mirrored.name if mirrored else None),
                           address=address, entity_key=uscc, match_score=None,
                           region=mirrored.region if mirrored else uscc[2:8])


_MIRRORED = select(MirroredEntity.uscc, MirroredEntity.name, MirroredEntity.region)


async def _match_by_name(db: Database, name: str, rules: ComplaintRules,
                         ) -> tuple[EntityMatch | None, list[Row]]:
    """The best mirrored entity for ``name``, and the rows it was chosen from.

    The same normalised name first (one index lookup). Then candidates sharing ever
    shorter prefixes of it: three, two, then one times the rule's ``prefix_chars``, so a
    name among thousands that share the city's two characters (青岛…) is still found
    among those sharing its first six; each step reads at most ``candidates`` rows.
    """
    key, shortest = name_key(name), rules.entity_match.prefix_chars
    async with db.reader() as session:
        rows = list((await session.execute(
            _MIRRORED.where(MirroredEntity.name_key == key).limit(1))).all())
        if rows:
            return EntityMatch(uscc=rows[0].uscc, name=rows[0].name, score=1.0), rows
        tried: set[str] = set()
        for length in (shortest * 3, shortest * 2, shortest):
            prefix = key[:length]
            if prefix in tried:
                continue
            tried.add(prefix)
            rows = list((await session.execute(
                sharing_prefix(prefix, rules.entity_match.candidates, db.sqlite))).all())
            match = best_match(name, [(row.uscc, row.name) for row in rows], rules)
            if match is not None:
                return match, rows
    return None, rows


def sharing_prefix(prefix: str, limit: int, sqlite: bool) -> Select[Any]:
    """At most ``limit`` mirrored entities whose normalised name starts with ``prefix``.

    SQLite cannot seek ``LIKE ? || '%'`` in the name index (its LIKE is case-insensitive
    and the pattern an expression): it read the whole mirror, 20 ms a prefix at 200,000
    entities for a name it does not hold. The same names are those between ``prefix`` and
    the string after every string that starts with it (``BINARY``: code point order), a
    range the index seeks. PostgreSQL keeps the ``LIKE`` alone: under a linguistic
    collation a range is not the same set."""
    condition = MirroredEntity.name_key.startswith(prefix, autoescape=True)
    last = ord(prefix[-1]) if prefix else 0
    if sqlite and prefix and last < 0xD7FF:  # past it: surrogates, no next character
        condition = and_(MirroredEntity.name_key >= prefix,
                         MirroredEntity.name_key < prefix[:-1] + chr(last + 1), condition)
    return _MIRRORED.where(condition).limit(limit)
