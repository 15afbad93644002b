"""Who a complaint is about (被投诉举报对象): the USCC given, or the entity mirror's best
match for the name given (exact USCC first, then name similarity; CP-1)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from services.complaint_intake.domain.matching import best_match, candidate_prefix, entity_key
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.errors import SubjectMissing
from services.complaint_intake.models import MirroredEntity
from services.complaint_intake.schemas import Subject
from shared.db import Database

MIRRORED_BY_USCC = select(MirroredEntity.name, MirroredEntity.region) \
    .where(MirroredEntity.uscc == bindparam("uscc"))


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
        return ResolvedSubject(
            uscc=subject.uscc, name=subject.name or (mirrored.name if mirrored else None),
            address=subject.address, entity_key=subject.uscc,
            match_score=None,
            region=mirrored.region if mirrored else subject.uscc[2:8])
    if not subject.name:
        raise SubjectMissing()
    prefix = candidate_prefix(subject.name, rules)
    async with db.reader() as session:
        rows = (await session.execute(
            select(MirroredEntity.uscc, MirroredEntity.name, MirroredEntity.region)
            .where(MirroredEntity.name_key.startswith(prefix, autoescape=True))
            .limit(rules.entity_match.candidates))).all()
    match = best_match(subject.name, [(row.uscc, row.name) for row in rows], rules)
    if match is None:
        return ResolvedSubject(uscc=None, name=subject.name, address=subject.address,
                               entity_key=entity_key(None, subject.name), match_score=None,
                               region=None)
    region = next(row.region for row in rows if row.uscc == match.uscc)
    return ResolvedSubject(uscc=match.uscc, name=subject.name, address=subject.address,
                           entity_key=match.uscc, match_score=match.score, region=region)
