"""Saving registry rows (市场主体名录, CR-1): register or change entities, in batches.

One step serves the single upsert and the bulk import: read the batch's existing
rows with one query, insert the new ones and update the changed ones with one statement
each, and announce only real changes (``credit.entity.upserted.v1``, no personal data).
New entities get their first grade at once (``credit.grade.changed.v1``, old grade null).
A batch is a list of registry values (``uscc`` and ``FIELDS``, as validated by
``EntityRegistration``); new rows and their events are written without a model per row
(:mod:`~shared.bulk_rows`, :mod:`~.event_rows`). A new legal representative of a
blacklisted entity is announced again (``credit.blacklist.changed.v1`` with the new
keyed hash), as a change of its responsible persons is: joint punishment follows the
person (CR-5). Each announcement carries the entity's registry version: 1 for a new
entity, raised in the UPDATE of a changed one (:mod:`~.versions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, select, update

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.commands import EntityRegistration
from services.credit_rating.handlers.steps.event_rows import EventRows, data_json
from services.credit_rating.handlers.steps.list_keeping import person_hash, reannounce_blacklisted
from services.credit_rating.handlers.steps.regrading import (
    GradedAlike,
    grade_new_entities,
    regrade,
)
from services.credit_rating.handlers.steps.versions import FIRST, versions_of
from services.credit_rating.models import Entity
from shared.audit import record as audit
from shared.bulk_rows import insert_rows
from shared.contracts.credit import EntityUpserted
from shared.db import UnitOfWork
from shared.ids import new_ids

FIELDS = ("name", "legal_representative", "registered_address", "region", "industry",
          "established_on", "new_economy", "tolerance_until")
GRADE_INPUTS = ("established_on", "new_economy", "tolerance_until")
PERSON = "legal_representative"  # joint punishment extends to them (CR-5)
TABLE = Entity.__table__
ROW = ("uscc", *FIELDS, "created_at", "updated_at", "version")
ANNOUNCED = tuple(name for name in EntityUpserted.model_fields if name != "version")
_stored = itemgetter("uscc", *FIELDS)


@dataclass
class RegistryChanges:
    """What a batch did: USCCs created, updated and left unchanged."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def add(self, other: RegistryChanges) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


def registry_values(registration: EntityRegistration) -> dict[str, Any]:
    """What the registry stores of a validated registration: ``uscc`` and ``FIELDS``."""
    return registration.model_dump(include={"uscc", *FIELDS})


@dataclass
class NewEntityEvents:
    """What a batch's events need if every entity in it is new, made before the batch is
    saved (the bulk import makes it while the batch before commits, on a thread): the
    data of each one's ``credit.entity.upserted.v1`` at version 1, and the ids of both
    its events. A batch with an entity already stored makes its events as it saves."""

    upserted: list[str]
    upserted_ids: list[str]
    grade_ids: list[str]

    @classmethod
    def of(cls, registrations: Sequence[dict[str, Any]]) -> NewEntityEvents:
        count = len(registrations)
        return cls([upserted_data(values, FIRST) for values in registrations],
                   new_ids(count), new_ids(count))


def upserted_data(values: dict[str, Any], version: int) -> str:
    """The data of ``credit.entity.upserted.v1`` for registry ``values`` (no personal
    data) at ``version``, as JSON text."""
    return data_json({**{name: values[name] for name in ANNOUNCED}, "version": version})


async def save_registrations(ctx: CreditContext, uow: UnitOfWork,
                             registrations: Sequence[dict[str, Any]], *, actor: str,
                             as_of: date,
                             graded_alike: GradedAlike | None = None,
                             made: NewEntityEvents | None = None) -> RegistryChanges:
    """Create or change the entities of one batch (registry values, distinct USCCs) in
    ``uow``, graded as of ``as_of``; ``graded_alike`` carries first grades from batch to
    batch of one import; ``made``: the batch's events as new entities, made ahead (used
    if none of them is stored yet).

    A blacklisted entity whose legal representative changed (by keyed hash) is announced
    again with the new one.
    """
    session, now, changes = uow.session, ctx.clock.now(), RegistryChanges()
    person_key = ctx.person_key
    wanted = {values["uscc"]: values for values in registrations}
    found = await session.execute(select(*(TABLE.c[n] for n in ("uscc", *FIELDS)))
                                  .where(TABLE.c.uscc.in_(list(wanted))))
    existing = {row.uscc: row._asdict() for row in found}
    created, updated, regrade_needed, new_person = [], [], [], []
    for uscc, values in wanted.items():
        before = existing.get(uscc)
        if before is None:
            created.append(values)
            changes.created.append(uscc)
        elif any(before[n] != values[n] for n in FIELDS):
            updated.append({**{f"v_{n}": values[n] for n in FIELDS}, "b_uscc": uscc,
                            "v_updated_at": now})
            changes.updated.append(uscc)
            if any(before[n] != values[n] for n in GRADE_INPUTS):
                regrade_needed.append(uscc)
            if _new_person(before, values, person_key):
                new_person.append(uscc)
        else:
            changes.unchanged.append(uscc)
    await insert_rows(session, TABLE, ROW, [(*_stored(v), now, now, FIRST) for v in created])
    versions = dict.fromkeys(changes.created, FIRST)
    if updated:
        statement = update(TABLE).where(TABLE.c.uscc == bindparam("b_uscc")).values(
            {**{n: bindparam(f"v_{n}") for n in (*FIELDS, "updated_at")},
             "version": TABLE.c.version + 1})
        await session.execute(statement, updated)
        versions.update(await versions_of(session, TABLE, changes.updated))
    fresh = made if made is not None and not existing else None
    if created or updated:
        if fresh is not None:  # all created, in the batch's order
            upserted = list(zip(changes.created, fresh.upserted, strict=True))
        else:
            upserted = [(u, upserted_data(wanted[u], versions[u]))
                        for u in changes.created + changes.updated]
        await EventRows(ctx.outbox, EntityUpserted, now).add(
            uow, upserted, None if fresh is None else fresh.upserted_ids)
        await audit(uow, actor=actor, action="credit.entities.saved",
                    subject=registrations[0]["uscc"] if len(registrations) == 1 else None,
                    detail={"created": changes.created, "updated": changes.updated})
        await grade_new_entities(ctx, uow, created, as_of, now, graded_alike,
                                 None if fresh is None else fresh.grade_ids)
    for uscc in regrade_needed:
        await regrade(ctx, uow, uscc, as_of, actor=actor, keep=False)
    if new_person:
        await reannounce_blacklisted(uow, ctx.rules, new_person, person_key, now)
    return changes


def _new_person(before: dict[str, Any], values: dict[str, Any], key: bytes) -> bool:
    """Whether the legal representative changed as departments see it: by keyed hash, so
    a spelling that reads alike (NFKC, spaces) is no new person."""
    return before[PERSON] != values[PERSON] and \
        person_hash(before[PERSON], key) != person_hash(values[PERSON], key)
