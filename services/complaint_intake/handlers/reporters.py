"""The reporter's sealed identity (吹哨人保护, CP-4) and standing (CP-5).

Steps of the intake and of the officer's read: sealing happens at intake; the blind
index the reporter is known by counts malicious closures and recent filings for
``domain.reporters.reporter_standing``. Opening is for the handling department's
whistleblower officer only (``whistleblower``); re-sealing under a new key is
``key_rotation``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, Row, bindparam, func, literal, or_, select, union_all

from services.complaint_intake.domain.identity import (
    IdentityVault,
    PersonalData,
    SealedIdentity,
)
from services.complaint_intake.domain.reporters import ReporterStanding, reporter_standing
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.filing import Reporter
from services.complaint_intake.models import Complaint, ReporterIdentity, ReporterMark
from shared.db import Database

# the identifiers a reporter is known by, most specific first; a name alone is not one
# (many people are called 张伟: matching on it would charge one with another's marks)
IDENTIFIERS = ("id_number", "phone", "contact")


def seal_reporter(vault: IdentityVault, reporter: Reporter | None,
                  complaint_id: str) -> dict[str, Any] | None:
    """The ``reporter_identities`` row for ``reporter`` (``None`` when anonymous)."""
    if reporter is None:
        return None
    data = PersonalData(name=reporter.name or None, phone=reporter.phone or None,
                        id_number=reporter.id_number or None,
                        contact=reporter.contact or None)
    if not any((data.name, data.phone, data.id_number, data.contact)):
        return None
    indexes = vault.blind_indexes(data, IDENTIFIERS)  # a name alone identifies nobody
    sealed = vault.seal(data, complaint_id)
    return {"complaint_id": complaint_id, "key_id": sealed.key_id, "nonce": sealed.nonce,
            "ciphertext": sealed.ciphertext,
            "reporter_index": next((indexes[name] for name in IDENTIFIERS if name in indexes),
                                   None),
            **{f"{name}_index": indexes.get(name) for name in IDENTIFIERS}}


def open_identity(vault: IdentityVault, row: ReporterIdentity) -> PersonalData:
    return vault.open(SealedIdentity(row.key_id, row.nonce, row.ciphertext), row.complaint_id)


def _same_reporter(identity: type[ReporterIdentity]) -> ColumnElement[bool]:
    """An earlier identity sharing any identifier with this one, in whichever field it
    was given (a repeater who gave an ID once and a phone later, or a phone first as the
    contact, is still the same person). A missing index (NULL) matches nothing."""
    mine = [bindparam(name) for name in IDENTIFIERS]
    return or_(*(column.in_(mine) for column in (
        identity.id_number_index, identity.phone_index, identity.contact_index,
        identity.reporter_index)))  # reporter_index: rows stored before contact_index


_MARKS = select(ReporterMark.marked_on.label("day"), literal(None).label("entity")) \
    .join(ReporterIdentity, ReporterIdentity.complaint_id == ReporterMark.complaint_id) \
    .where(_same_reporter(ReporterIdentity))
_FILINGS = select(Complaint.received_on.label("day"), Complaint.entity_key.label("entity")) \
    .join(ReporterIdentity, ReporterIdentity.complaint_id == Complaint.id) \
    .where(_same_reporter(ReporterIdentity),
           Complaint.received_on > bindparam("since", type_=Date))
MARKS_AND_FILINGS = select(union_all(_MARKS, _FILINGS).subquery())


async def standing_of(db: Database, identity: dict[str, Any] | None, today: date,
                      rules: ComplaintRules) -> ReporterStanding:
    """The reporter's standing from the marks and filings under any of the blind indexes
    of ``identity`` (a ``seal_reporter`` row; None: anonymous)."""
    if identity is None:
        return reporter_standing([], [], today, rules)
    since = today - timedelta(days=rules.rate_limits.profit_driven.within_days)
    if identity["reporter_index"] is None:  # a name only: nobody to recognise
        return reporter_standing([], [], today, rules)
    rows = await db.point_read(MARKS_AND_FILINGS).all(
        since=since, **{name: identity[f"{name}_index"] for name in IDENTIFIERS})
    return reporter_standing([row.day for row in rows if row.entity is None],
                             [(row.day, row.entity) for row in rows if row.entity is not None],
                             today, rules)


_INDEXES = (ReporterIdentity.reporter_index, ReporterIdentity.phone_index,
            ReporterIdentity.id_number_index, ReporterIdentity.contact_index)
SHARING = select(ReporterIdentity.complaint_id, *_INDEXES).where(
    or_(*(column.in_(bindparam("mine", expanding=True)) for column in _INDEXES)))
# SQLite: the same read with the indexes as one JSON array, so that it is one fixed
# statement the driver runs (``Database.point_read``), not compiled again per batch
_MINE = func.json_each(bindparam("mine")).table_valued("value")
SHARING_ONE_ARRAY = select(ReporterIdentity.complaint_id, *_INDEXES).where(
    or_(*(column.in_(select(_MINE.c.value)) for column in _INDEXES)))
_MARKED = select(ReporterMark.complaint_id, ReporterMark.marked_on) \
    .where(ReporterMark.complaint_id.in_(bindparam("ids", expanding=True)))
_FILED = select(Complaint.id, Complaint.received_on, Complaint.entity_key).where(
    Complaint.id.in_(bindparam("ids", expanding=True)),
    Complaint.received_on > bindparam("since", type_=Date))


async def standings_of(db: Database, identities: Sequence[dict[str, Any] | None],
                       days: Sequence[date], rules: ComplaintRules) -> list[ReporterStanding]:
    """``standing_of`` for many reporters at once (a batch of filings): each identity's
    standing on its day, from the marks and filings of the identities sharing any
    identifier with it. One read finds those identities (usually none); only then are
    their marks and filings read."""
    profit = rules.rate_limits.profit_driven.within_days
    known = [(i, day) for i, day in zip(identities, days, strict=True)
             if i is not None and i["reporter_index"] is not None]
    sharing: dict[str, set[str]] = defaultdict(set)  # blind index → identities under it
    marks: dict[str, date] = {}
    filed: dict[str, tuple[date, str]] = {}
    if known:
        mine = sorted({i[f"{name}_index"] for i, _ in known for name in IDENTIFIERS} - {None})
        for row in await _sharing(db, mine):
            for value in {row.reporter_index, row.phone_index, row.id_number_index,
                          row.contact_index} - {None}:
                sharing[value].add(row.complaint_id)
        ids = sorted(set().union(*sharing.values()))
        if ids:
            async with db.reader() as session:
                since = min(day for _, day in known) - timedelta(days=profit)
                marks = dict((await session.execute(_MARKED, {"ids": ids})).all())
                filed = {row.id: (row.received_on, row.entity_key) for row in
                         await session.execute(_FILED, {"ids": ids, "since": since})}
    standings = []
    blank: dict[date, ReporterStanding] = {}  # no history: the same standing all day
    for identity, day in zip(identities, days, strict=True):
        if identity is None or identity["reporter_index"] is None or not sharing:
            if day not in blank:
                blank[day] = reporter_standing([], [], day, rules)
            standings.append(blank[day])
            continue
        same = set().union(*(sharing.get(identity[f"{name}_index"] or "", ())
                             for name in IDENTIFIERS))
        since = day - timedelta(days=profit)
        standings.append(reporter_standing(
            [marks[c] for c in same if c in marks],
            [filed[c] for c in same if c in filed and filed[c][0] > since], day, rules))
    return standings


async def _sharing(db: Database, mine: list[str]) -> list[Row]:
    """The identities under any of the blind indexes ``mine``."""
    if db.sqlite:
        return await db.point_read(SHARING_ONE_ARRAY).all(mine=json.dumps(mine))
    async with db.reader() as session:
        return list((await session.execute(SHARING, {"mine": mine})).all())
