"""逢办必查 for a person (CR-5): joint punishment extends to the legal representative and
the responsible persons of a blacklisted entity. A department asks about a person (name
or ID number) before it decides on them; the answer names the blacklisted entities the
person stands behind and the measures the department applies to persons for the matter.

Only entities that are or may be blacklisted are searched (a few among many): those
with a stored listing, and those three years on the 经营异常名录 that the daily re-grade
may not have stored yet; their legal representatives by name, their responsible persons
by keyed hash. Each one found is then assessed on the day asked, as the entity check
does, so a listing whose records' publicity has ended since no longer counts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import CompoundSelect, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import Measure, measures_for
from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.persons import (
    LEGAL_REPRESENTATIVE,
    RESPONSIBLE_PERSON,
    id_number_problem,
)
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.steps.facts import blacklist_on
from services.credit_rating.handlers.steps.list_keeping import BLACKLIST, person_hash
from services.credit_rating.models import (
    AbnormalListing,
    CreditListEntry,
    Entity,
    EntityPersonId,
    ResponsiblePerson,
)


@dataclass(frozen=True)
class PersonListing:
    """A blacklisted entity the person stands behind, and in which role."""

    uscc: str
    name: str
    role: str
    reason: str


@dataclass(frozen=True)
class PersonCheck:
    listings: list[PersonListing]
    measures: list[Measure]


async def check_person(session: AsyncSession, rules: CreditRules, person: str, *,
                       department: str, matter: str | None, person_key: bytes,
                       as_of: date) -> PersonCheck:
    """The entities blacklisted on ``as_of`` that ``person`` is legal representative or
    a responsible person of, and ``department``'s person measures for ``matter`` if
    there are any."""
    normalized = unicodedata.normalize("NFKC", person).strip()
    candidates = _maybe_blacklisted(rules, as_of).subquery()
    behind = select(Entity.uscc, Entity.name).where(Entity.uscc.in_(select(candidates)))
    roles = [(row.uscc, row.name, LEGAL_REPRESENTATIVE) for row in await session.execute(
        behind.where(Entity.legal_representative == normalized))]
    roles += [(row.uscc, row.name, RESPONSIBLE_PERSON) for row in await session.execute(
        behind.join(ResponsiblePerson, ResponsiblePerson.uscc == Entity.uscc)
        .where(ResponsiblePerson.person_hash == person_hash(person, person_key)))]
    number = normalized.upper()
    if id_number_problem(number) is None:  # an ID number: its registered roles too
        roles += [(row.uscc, row.name, row.role) for row in await session.execute(
            behind.add_columns(EntityPersonId.role)
            .join(EntityPersonId, EntityPersonId.uscc == Entity.uscc)
            .where(EntityPersonId.person_hash == person_hash(number, person_key)))]
    found = []
    for uscc, name, role in sorted(set(roles)):
        decision = await blacklist_on(session, rules, uscc, as_of)
        if decision.listed:
            found.append(PersonListing(uscc, name, role, decision.reason))
    measures = measures_for(department, matter, rules, persons=True) if found else []
    return PersonCheck(found, measures)


def _maybe_blacklisted(rules: CreditRules, as_of: date) -> CompoundSelect:
    """The entities with a stored listing, or long enough on the abnormal list to be."""
    long_since = add_years(as_of, -rules.abnormal_list.serious_after_years)
    return union(
        select(CreditListEntry.uscc).where(CreditListEntry.list_kind == BLACKLIST,
                                           CreditListEntry.listed.is_(True)),
        select(AbnormalListing.uscc).where(AbnormalListing.removed_on.is_(None),
                                           AbnormalListing.listed_on <= long_since))
