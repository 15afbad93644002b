"""逢办必查 (CR-6): what a department must know about an entity before it approves.

Read-only and on every approval's path: one primary-key read run on the driver itself
(:mod:`shared.point_read`: the entity with its stored grade and stored blacklist and
watchlist states, CR-5 and CR-7, and the start of any open 经营异常名录 listing), the
rest is pure rules in memory. Only an entity with no stored grade yet, one still on a
list, or one whose abnormal listing has reached the rule's years costs a second query
(its records' rule columns), from which what time may have changed is assessed here,
unstored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.blacklist import (
    BlacklistDecision,
    assess_blacklist,
    measures_for,
)
from services.credit_rating.domain.entity import in_tolerance, tolerance_end
from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.watchlist import assess_watch
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.steps.facts import entity_facts, listing_facts
from services.credit_rating.handlers.steps.list_keeping import BLACKLIST, WATCHLIST
from services.credit_rating.handlers.steps.persons_behind import (
    PERSON_HINT,
    PersonLink,
    persons_behind,
)
from services.credit_rating.handlers.steps.regrading import compute_grade, grade_row
from services.credit_rating.models import AbnormalListing, CreditListEntry, Entity, EntityGrade

_WATCH = aliased(CreditListEntry)
# the earliest open listing: a hint only (a removal dated ahead still counts as open
# here); ``abnormal_since`` decides on the day asked
_ABNORMAL_FROM = select(func.min(AbnormalListing.listed_on)) \
    .where(AbnormalListing.uscc == Entity.uscc, AbnormalListing.removed_on.is_(None)) \
    .scalar_subquery().label("abnormal_from")
CHECK_COLUMNS = (Entity.uscc, Entity.name, Entity.established_on, Entity.new_economy,
                 Entity.tolerance_until, EntityGrade.grade, EntityGrade.label,
                 EntityGrade.score, EntityGrade.rule_version, EntityGrade.no_penalty_3y,
                 CreditListEntry.listed, CreditListEntry.reason, CreditListEntry.record_ids,
                 _WATCH.listed.label("watch_listed"), _WATCH.reason.label("watch_reason"),
                 _WATCH.record_ids.label("watch_record_ids"),
                 _WATCH.reminder_issued_on.label("watch_reminder_on"), _ABNORMAL_FROM,
                 PERSON_HINT)


@dataclass(frozen=True)
class Watchlist:
    """On the 重点关注企业名单 (CR-7), why, and the records behind it."""

    listed: bool
    reason: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class PersonsBehind:
    """The blacklisted entities the people behind the checked entity stand behind (by
    ID number), and the measures this department applies to such persons."""

    flagged: bool = False
    entities: tuple[PersonLink, ...] = ()
    measures: tuple[dict[str, Any], ...] = ()


NOBODY = PersonsBehind()


@dataclass(frozen=True)
class EntityCheck:
    """The answer of 逢办必查 for one department and matter."""

    uscc: str
    name: str
    grade: str
    label: str
    score: float
    rule_version: str
    no_penalty_3y: bool
    blacklist: BlacklistDecision
    watchlist: Watchlist
    department: str
    matter: str | None
    measures: list[dict[str, Any]]
    tolerance_until: date | None
    in_tolerance: bool
    as_of: date
    persons: PersonsBehind = NOBODY


# Built once: constructing a statement costs more than running it (this is the hot path).
CHECK_QUERY = select(*CHECK_COLUMNS) \
    .outerjoin(EntityGrade, EntityGrade.uscc == Entity.uscc) \
    .outerjoin(CreditListEntry, (CreditListEntry.uscc == Entity.uscc)
               & (CreditListEntry.list_kind == BLACKLIST)) \
    .outerjoin(_WATCH, (_WATCH.uscc == Entity.uscc) & (_WATCH.list_kind == WATCHLIST)) \
    .where(Entity.uscc == bindparam("uscc"))


async def check_entity(ctx: CreditContext, uscc: str, *, department: str,
                       matter: str | None, as_of: date) -> EntityCheck:
    """逢办必查 of ``uscc`` for ``department`` and ``matter`` on ``as_of``."""
    db, rules = ctx.database, ctx.rules
    row = await db.point_read(CHECK_QUERY).first(uscc=uscc)
    if row is None:
        raise EntityNotFound(uscc)
    grade = {"grade": row.grade, "label": row.label, "score": row.score,
             "rule_version": row.rule_version, "no_penalty_3y": row.no_penalty_3y}
    entity = row  # has the columns the rules read (an ORM ``Entity`` costs ~15 µs to make)
    # a record puts an entity on a list, and that refreshes the stored state, so a stored
    # "not listed" is current; no stored entry at all means no record has changed since
    # the grade, so not listed either. The one listing time alone makes (three years on
    # the 经营异常名录) is stored by the daily re-grade, and assessed here from its first day.
    blacklist = BlacklistDecision(bool(row.listed), row.reason or "",
                                  tuple(row.record_ids or ()))
    watchlist = Watchlist(bool(row.watch_listed), row.watch_reason or "",
                          tuple(row.watch_record_ids or ()))
    abnormal_due = not row.listed and row.abnormal_from is not None and add_years(
        row.abnormal_from, rules.abnormal_list.serious_after_years) <= as_of
    if row.listed or row.watch_listed or row.grade is None or abnormal_due:
        # on a list (its window may have ended since), three years on the abnormal list
        # (not stored until the daily re-grade) or nothing stored yet: assessed now
        records, since, decisions = await listing_facts(db, uscc, as_of)
        if row.listed or row.grade is None or abnormal_due:
            blacklist = assess_blacklist(records, rules, as_of, since, decisions)
        if row.watch_listed or row.grade is None:
            watch = assess_watch(records, row.watch_reminder_on, rules, as_of,
                                 entity_facts(entity))
            watchlist = Watchlist(watch.watchlisted, watch.reason, watch.counted_record_ids)
        if row.grade is None or bool(row.listed) != blacklist.listed:  # stored grade is old
            grade = grade_row(uscc, compute_grade(entity, records, rules, as_of, since,
                                                  decisions), ctx.clock.now())
    persons = NOBODY
    if row.person_hint:  # someone behind it stands behind a stored listing: look closer
        links = await persons_behind(db, rules, uscc, as_of)
        if links:
            persons = PersonsBehind(True, links, tuple(
                m.model_dump(mode="json")
                for m in measures_for(department, matter, rules, persons=True)))
    facts = entity_facts(entity, blacklist.listed)
    measures = measures_for(department, matter, rules) if blacklist.listed else []
    return EntityCheck(
        uscc=row.uscc, name=row.name, grade=grade["grade"], label=grade["label"],
        score=grade["score"], rule_version=grade["rule_version"],
        no_penalty_3y=grade["no_penalty_3y"], blacklist=blacklist, watchlist=watchlist,
        department=department,
        matter=matter, measures=[m.model_dump(mode="json") for m in measures],
        tolerance_until=tolerance_end(facts, rules),
        in_tolerance=in_tolerance(facts, as_of, rules),
        as_of=as_of, persons=persons)
