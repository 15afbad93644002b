"""逢办必查 for a person (CR-5): joint punishment extends to the legal representative and
the responsible persons of a blacklisted entity. A department asks about a person (name
or ID number) before it decides on them; the answer names the blacklisted entities the
person stands behind and the measures the department applies to persons for the matter.

Only blacklisted entities are searched (a few among many): their legal representatives
by name, their responsible persons by keyed hash.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import Measure, measures_for
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.lists import BLACKLIST, person_hash
from services.credit_rating.models import CreditListEntry, Entity, ResponsiblePerson

LEGAL_REPRESENTATIVE, RESPONSIBLE_PERSON = "legal_representative", "responsible_person"


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
                       department: str, matter: str | None,
                       person_key: bytes) -> PersonCheck:
    """The blacklisted entities ``person`` is legal representative or a responsible
    person of (the stored listings, which the daily re-grade keeps current), and
    ``department``'s person measures for ``matter`` if there are any."""
    normalized = unicodedata.normalize("NFKC", person).strip()
    listed = (select(Entity.uscc, Entity.name, CreditListEntry.reason)
              .join(CreditListEntry, CreditListEntry.uscc == Entity.uscc)
              .where(CreditListEntry.list_kind == BLACKLIST, CreditListEntry.listed.is_(True)))
    found = [PersonListing(row.uscc, row.name, LEGAL_REPRESENTATIVE, row.reason)
             for row in await session.execute(
                 listed.where(Entity.legal_representative == normalized))]
    found += [PersonListing(row.uscc, row.name, RESPONSIBLE_PERSON, row.reason)
              for row in await session.execute(
                  listed.join(ResponsiblePerson, ResponsiblePerson.uscc == Entity.uscc)
                  .where(ResponsiblePerson.person_hash == person_hash(person, person_key)))]
    found.sort(key=lambda listing: (listing.uscc, listing.role))
    measures = measures_for(department, matter, rules, persons=True) if found else []
    return PersonCheck(found, measures)
