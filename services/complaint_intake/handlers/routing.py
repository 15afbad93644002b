"""What the intake worker makes of accepted filings (受理后处理, CP-1, CP-2): match the
subject against the entity mirror, route it (or queue it for the 12345 office's
triage), link it to the first complaint it repeats, date its legal deadlines from the
day received, and write it: the complaint, the sealed identity, the first history
step, the audit entry and the events, in the transaction that deletes the filings
(``handlers.filing_worker`` claims them), so each becomes one complaint once.

The reads (the mirror, the reporter's standing) run on the driver beside the
transaction. The duplicate check runs inside it, so it sees every committed
complaint: on SQLite the transaction holds the database's write lock, and on
PostgreSQL it first takes a transaction-scoped advisory lock per entity and category,
which every replica's worker takes too. Filings of the same batch are compared with
each other in memory. However many replicas, identical filings open one task.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, text, update

from services.complaint_intake.domain.deadlines import Deadlines, complaint_deadlines
from services.complaint_intake.domain.duplicates import FiledComplaint, first_duplicate
from services.complaint_intake.domain.lifecycle import Status
from services.complaint_intake.domain.rule_models import ComplaintKind
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.duplicates import first_of
from services.complaint_intake.handlers.reception import destination
from services.complaint_intake.handlers.reporters import IDENTIFIERS, standings_of
from services.complaint_intake.handlers.subjects import resolve_subjects
from services.complaint_intake.models import Complaint, HandlingStep, ReporterIdentity
from shared.audit import AuditNote, record_many
from shared.bulk_rows import insert_dicts
from shared.clock import china_day
from shared.contracts.complaint import ComplaintReceived, ComplaintRouted
from shared.db import UnitOfWork

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext

_complaints = Complaint.__table__
Filing = Mapping[str, Any]  # a ``filings`` row: accepted, waiting to be processed
_INDEXES = ("reporter_index", *(f"{name}_index" for name in IDENTIFIERS))


@dataclass(frozen=True)
class PreparedFiling:
    """A filing matched, routed and dated: the rows to write, as a first complaint
    until the duplicate check says otherwise."""

    row: dict[str, Any]
    identity: dict[str, Any] | None
    filed: FiledComplaint
    traceparent: str | None

    @property
    def first(self) -> str | None:
        return self.row["duplicate_of"]

    def linked_to(self, first: str | None, buckets: bytes | None,
                  department: str | None = None) -> PreparedFiling:
        """Linked to ``first`` (or still a first one), with the buckets the check made.
        A duplicate belongs to the ``department`` handling the first one, wherever its
        own region would have routed it: only that department sees its reporter."""
        if first is None:
            return self if buckets is None else replace(
                self, row={**self.row, "buckets": buckets})
        return replace(self, row={**self.row, "status": Status.LINKED.value,
                                  "duplicate_of": first, "accept_by": None,
                                  "decide_case_by": None, "buckets": buckets,
                                  "department": department or self.row["department"]})


async def prepare(ctx: IntakeContext, filings: Sequence[Filing]) -> list[PreparedFiling]:
    """The complaints accepted ``filings`` (``filings`` rows, as dicts) become, before
    the duplicate check; one read of the reporters' standings for them all."""
    db, rules = ctx.database, ctx.rules
    identities = [None if filing["key_id"] is None else {
        "complaint_id": filing["id"], "key_id": filing["key_id"], "nonce": filing["nonce"],
        "ciphertext": filing["ciphertext"], **{name: filing[name] for name in _INDEXES}}
        for filing in filings]
    standings = await standings_of(db, identities, [f["received_on"] for f in filings], rules)
    subjects = await resolve_subjects(db, [
        (f["uscc"], f["subject_name"], f["subject_address"]) for f in filings], rules)
    prepared = []
    # equal values as one object, so that the insert converts each once per batch (its
    # column's processor runs once per distinct object): the day, the channel list and
    # the empty attachment list; the rows are not changed after this
    days: dict[date, date] = {}
    channels: dict[str, list[str]] = {}
    no_attachments: list[str] = []
    for filing, identity, standing, subject in zip(filings, identities, standings, subjects,
                                                   strict=True):
        received_on: date = days.setdefault(filing["received_on"], filing["received_on"])
        channel, attachments = filing["channel"], filing["attachments"]
        # unknown: the top region of the reference data, where the category's default is
        region = filing["region"] or subject.region or next(iter(ctx.reference.regions))
        goes_to = destination(ctx, filing["category"], region)  # a department, or triage
        deadlines = _deadlines(received_on, ComplaintKind(filing["kind"]), rules)
        row = {
            "id": filing["id"], "receipt_code": filing["receipt_code"], "kind": filing["kind"],
            "channel": channel, "status": goes_to.status.value,
            "category": filing["category"], "region": region,
            "department": goes_to.department, "uscc": subject.uscc,
            "subject_name": subject.name, "subject_address": subject.address,
            "entity_key": subject.entity_key, "match_score": subject.match_score,
            "description": filing["description"],
            "attachments": no_attachments if attachments == [] else attachments,
            "buckets": None, "received_at": filing["received_at"], "received_on": received_on,
            "accept_by": deadlines.accept_by, "decide_case_by": deadlines.decide_case_by,
            "duplicate_of": None, "duplicates": 0,
            "channels": channels.setdefault(channel, [channel]),
            "misroutes": 0, "internal_whistleblower": filing["internal_whistleblower"],
            "reporter_standing": standing.standing.value, "filed_by": filing["filed_by"],
            "updated_at": filing["received_at"]}
        filed = FiledComplaint(subject.entity_key, filing["category"], received_on,
                               filing["description"], filing["kind"])
        prepared.append(PreparedFiling(row, identity, filed, filing["traceparent"]))
    return prepared


_deadlines_known: dict[tuple[date, str, int], tuple[ComplaintRules, Deadlines]] = {}


def _deadlines(received_on: date, kind: ComplaintKind, rules: ComplaintRules) -> Deadlines:
    """``complaint_deadlines`` of a day and kind, counted once per day (the same for every
    filing of the day: deadlines count whole working days from the day received)."""
    key = (received_on, kind.value, id(rules))
    known = _deadlines_known.get(key)
    if known is None or known[0] is not rules:
        if len(_deadlines_known) > 64:
            _deadlines_known.clear()
        known = _deadlines_known[key] = (rules, complaint_deadlines(received_on, kind, rules))
    return known[1]


async def write_complaints(uow: UnitOfWork, ctx: IntakeContext,
                           filings: Sequence[Filing]) -> list[PreparedFiling]:
    """The complaints of ``filings``, prepared, linked and written in ``uow``."""
    return await write_prepared(uow, ctx, await prepare(ctx, filings))


async def write_prepared(uow: UnitOfWork, ctx: IntakeContext,
                         prepared: list[PreparedFiling]) -> list[PreparedFiling]:
    """``prepared`` filings linked to what they repeat and written in ``uow``."""
    linked = await _linked(prepared, uow, ctx)
    await write_filings(uow, linked)
    return linked


async def _linked(batch: list[PreparedFiling], uow: UnitOfWork,
                  ctx: IntakeContext) -> list[PreparedFiling]:
    """Each filing linked to the first complaint it repeats: a committed one (seen
    under the lock), else an earlier first one of this batch."""
    await _lock_subjects(uow, {(p.filed.entity, p.filed.category) for p in batch})
    linked: list[PreparedFiling] = []
    firsts: dict[tuple[str, str, str], list[PreparedFiling]] = {}  # this batch's, by subject
    for prepared in batch:
        check = await first_of(ctx.database, prepared.filed, ctx.rules)
        first, department = check.first, check.department
        subject = (prepared.filed.entity, prepared.filed.category, prepared.filed.kind)
        earlier = firsts.get(subject)
        if first is None and earlier:
            found = first_duplicate(prepared.filed, (p.filed for p in earlier), ctx.rules)
            if found is not None:
                first, department = earlier[found].row["id"], earlier[found].row["department"]
        now = prepared.linked_to(first, check.buckets, department)
        if first is None:
            firsts.setdefault(subject, []).append(now)
        linked.append(now)
    return linked


async def _lock_subjects(uow: UnitOfWork, subjects: set[tuple[str, str]]) -> None:
    """PostgreSQL: a transaction-scoped advisory lock per entity and category, taken in
    one order (no deadlock between replicas). SQLite's write lock already serialises."""
    if uow.session.get_bind().dialect.name != "postgresql":
        return
    for entity, category in sorted(subjects):
        await uow.session.execute(_ADVISORY_LOCK, {"subject": f"complaint|{entity}|{category}"})


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))")


async def write_filings(uow: UnitOfWork, filings: Sequence[PreparedFiling]) -> None:
    """The rows of ``filings``, their history steps, audit entries and events."""
    session = uow.session
    await insert_dicts(session, _complaints, [p.row for p in filings])
    await insert_dicts(session, ReporterIdentity.__table__,
                       [p.identity for p in filings if p.identity is not None])
    await insert_dicts(session, HandlingStep.__table__, [_first_step(p.row) for p in filings])
    await _count_duplicates(uow, [p.row for p in filings if p.first is not None])
    await record_many(uow, [_audit_note(p) for p in filings])
    events, traces = [], []
    for prepared in filings:
        row = prepared.row
        events.append(ComplaintReceived(
            complaint_id=row["id"], kind=row["kind"], channel=row["channel"],
            category=row["category"], uscc=row["uscc"], region=row["region"],
            received_on=row["received_on"], duplicate_of=row["duplicate_of"]))
        traces.append(prepared.traceparent)
        if prepared.first is None:
            events.append(ComplaintRouted(  # routed the day it is keyed in
                complaint_id=row["id"], category=row["category"], region=row["region"],
                department=row["department"], routed_on=china_day(row["received_at"])))
            traces.append(prepared.traceparent)
    uow.emit_many(events, traces)


def _first_step(row: dict[str, Any]) -> dict[str, Any]:
    linked = row["duplicate_of"] is not None
    notes = [f"duplicate of {row['duplicate_of']}"] if linked else []
    if row["status"] == Status.TRIAGE.value:
        notes.append(f"category {row['category']!r} is not in the 职责边界清单: triage queue")
    if row["received_on"] != china_day(row["received_at"]):
        notes.append(f"received on {row['received_on']} by {row['channel']}")
    return {"complaint_id": row["id"], "at": row["received_at"], "on_day": row["received_on"],
            "action": "linked" if linked else "received", "department": row["department"],
            "actor": row["filed_by"][:200], "note": "; ".join(notes) or None}


def _audit_note(prepared: PreparedFiling) -> AuditNote:
    row = prepared.row
    return AuditNote(row["filed_by"], "complaint.received", row["id"], {
        "kind": row["kind"], "channel": row["channel"], "category": row["category"],
        "department": row["department"], "duplicate_of": row["duplicate_of"],
        "reporter_identity": prepared.identity is not None,
        "reporter_standing": row["reporter_standing"]})


async def _count_duplicates(uow: UnitOfWork, linked: list[dict[str, Any]]) -> None:
    """Each first complaint counts its repeats and keeps every channel they came in on
    (one read of the firsts, one executemany of the updates)."""
    if not linked:
        return
    table = _complaints.c
    firsts = {row.id: list(row.channels) for row in await uow.session.execute(
        select(table.id, table.channels).where(table.id.in_({r["duplicate_of"] for r in linked})))}
    repeats: Counter[str] = Counter()
    for row in linked:
        first = row["duplicate_of"]
        repeats[first] += 1
        if row["channel"] not in firsts[first]:
            firsts[first].append(row["channel"])
    at = max(row["received_at"] for row in linked)
    await uow.session.execute(_COUNTED, [
        {"first": first, "more": count, "seen_on": firsts[first], "at": at}
        for first, count in repeats.items()])


_COUNTED = update(_complaints).where(_complaints.c.id == bindparam("first")).values(
    duplicates=_complaints.c.duplicates + bindparam("more"), channels=bindparam("seen_on"),
    updated_at=bindparam("at"))
