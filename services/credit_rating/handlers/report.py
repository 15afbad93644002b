"""The credit report (信用报告, CR-12): an entity's file as it stood on a day.

Read-only: the registry entry, the records with their status and publicity then (their
repairs and objections replayed up to the day, ``domain.history``), the grade and the
lists assessed on that day under the current rules, and the commitments, repairs and
objections known by then. Records count from their decision day.

Every code comes with its words (``report_words``) and every record with its number in
the file; the report is issued in the name of the department of ``report_issuer``, with a
report number, the moment it was made (China time, to the second, the same moment as the
report day's "today") and the issuing service's signature (``report_signing``).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.blacklist import assess_blacklist
from services.credit_rating.domain.commitments import CommitmentKind, CommitmentStatus
from services.credit_rating.domain.entity import in_tolerance, tolerance_end
from services.credit_rating.domain.history import (
    SeverityCorrection,
    StatusChange,
    in_publicity,
    published_then,
    record_as_of,
    severity_as_of,
)
from services.credit_rating.domain.objections import (
    ObjectionOutcome,
    ObjectionStatus,
    is_overdue,
)
from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.domain.watchlist import assess_watch
from services.credit_rating.handlers.errors import unusable
from services.credit_rating.handlers.report_document import (
    CreditReport,
    ReportCommitment,
    ReportEntity,
    ReportGrade,
    ReportIssuer,
    ReportList,
    ReportObjection,
    ReportRecord,
    ReportRepair,
)
from services.credit_rating.handlers.report_words import (
    Words,
    entity_kind,
    industry_name,
    numbers,
    representative_title,
)
from services.credit_rating.handlers.steps.facts import (
    abnormal_since,
    entity_facts,
    listing_decisions,
    record_facts,
)
from services.credit_rating.handlers.steps.list_keeping import WATCHLIST, stored_lists
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.regrading import compute_grade, factors_json
from services.credit_rating.models import (
    Commitment,
    CreditRecord,
    Objection,
    RepairApplication,
)
from services.credit_rating.report_signing import canonical
from shared.clock import CHINA_TIME, china_day

APPROVED = "approved"


async def credit_report(ctx: CreditContext, session: AsyncSession, uscc: str,
                        as_of: date | None = None) -> CreditReport:
    """The report of ``uscc`` as of a day (default today): a day after today, or before
    the entity was established, is a 422 naming ``as_of`` (a report states what was)."""
    made = ctx.clock.now().astimezone(CHINA_TIME).replace(microsecond=0)
    today, rules = china_day(made), ctx.rules  # one moment: 报告日 and 生成于 agree
    as_of = as_of or today
    if as_of > today:
        unusable("query.as_of", f"{as_of.isoformat()} is after today ({today.isoformat()} "
                 "in China); a report states what is: give today or an earlier day")
    entity = await find_entity(session, uscc)
    if as_of < entity.established_on:
        unusable("query.as_of", f"{as_of.isoformat()} is before the entity was established "
                 f"({entity.established_on.isoformat()}); give a day since then")
    every_row = await _of(session, CreditRecord, uscc)
    number = numbers((row.created_at, row.id) for row in every_row)
    rows = [r for r in every_row if r.decided_on <= as_of]
    repairs = [r for r in await _of(session, RepairApplication, uscc) if r.applied_on <= as_of]
    every_objection = await _of(session, Objection, uscc)
    objections = [o for o in every_objection if o.filed_on <= as_of]
    changes = _changes(repairs, objections)
    corrections = [SeverityCorrection(o.record_id, o.decided_on, Severity(o.severity_before))
                   for o in every_objection
                   if o.severity_before is not None and o.decided_on is not None]
    now = {row.id: record_facts(row) for row in rows}
    then = {rid: record_as_of(severity_as_of(facts, corrections, rules, as_of), changes,
                              rules, as_of) for rid, facts in now.items()}
    records = list(then.values())
    since = await abnormal_since(session, uscc, as_of)
    decisions = await listing_decisions(session, uscc)  # a listing is its department's call
    blacklist = assess_blacklist(records, rules, as_of, since, decisions)
    reminder = (await stored_lists(session, uscc)).get(WATCHLIST)
    reminder_on = reminder.reminder_issued_on if reminder is not None else None
    watch = assess_watch(records, reminder_on if reminder_on and reminder_on <= as_of
                         else None, rules, as_of, entity_facts(entity))
    result = compute_grade(entity, records, rules, as_of, since, decisions)
    facts = entity_facts(entity, blacklist.listed)
    words = Words(ctx.reference, rules)
    report = CreditReport(
        as_of=as_of, generated_at=made,
        entity=ReportEntity(
            uscc=entity.uscc, name=entity.name, kind=entity_kind(entity.uscc),
            legal_representative=entity.legal_representative,
            representative_title=representative_title(entity.uscc),
            registered_address=entity.registered_address, region=entity.region,
            region_name=words.region(entity.region), industry=entity.industry,
            industry_name=industry_name(entity.industry),
            established_on=entity.established_on,
            new_economy=entity.new_economy, tolerance_until=tolerance_end(facts, rules),
            in_tolerance=in_tolerance(facts, as_of, rules)),
        grade=ReportGrade(
            grade=result.grade.value, label=result.label, score=result.score,
            rule_version=result.rule_version, no_penalty_3y=result.no_penalty_3y,
            dimension_scores=dict(result.dimension_scores),
            dimension_labels={code: words.dimension(code)
                              for code, _ in result.dimension_scores},
            factors=[{**factor, "dimension_label": words.dimension(factor["dimension"]),
                      "record_numbers": [number[r] for r in factor["record_ids"]]}
                     for factor in factors_json(result)]),  # type: ignore[misc]
        blacklist=ReportList(listed=blacklist.listed, reason=blacklist.reason,
                             record_ids=list(blacklist.record_ids),
                             record_numbers=[number[r] for r in blacklist.record_ids]),
        watchlist=ReportList(listed=watch.watchlisted, reason=watch.reason,
                             record_ids=list(watch.counted_record_ids),
                             record_numbers=[number[r] for r in watch.counted_record_ids]),
        records=[_record(row, now[row.id], then[row.id], rules, as_of, words, number)
                 for row in sorted(rows, key=lambda r: (r.decided_on, r.created_at),
                                   reverse=True)],
        commitments=[_commitment(c, as_of, words, number) for c in
                     await _of(session, Commitment, uscc) if c.made_on <= as_of],
        repairs=[_repair(r, as_of, words, number) for r in repairs],
        objections=[_objection(o, as_of, words, number) for o in objections])
    return _issued(ctx, report, words)


def _issued(ctx: CreditContext, report: CreditReport, words: Words) -> CreditReport:
    """The report in the issuer's name, numbered (XYBG-day-digest) and signed."""
    code = ctx.settings.report_issuer
    report.issuer = ReportIssuer(department=code, name=words.department(code),
                                 service=ctx.settings.slug, key_id=ctx.report_signer.key_id)
    content = canonical(report.model_dump(mode="json", exclude={"number", "signature"}))
    digest = base64.b32encode(hashlib.sha256(content).digest()).decode("ascii")[:8]
    report.number = f"XYBG-{report.generated_at:%Y%m%d}-{digest}"
    report.signature = ctx.report_signer.sign(report.model_dump(mode="json"))
    return report


async def _of(session: AsyncSession, table: type, uscc: str) -> list:  # type: ignore[type-arg]
    return list(await session.scalars(select(table).where(table.uscc == uscc)))  # type: ignore[attr-defined]


def _changes(repairs: list[RepairApplication],
             objections: list[Objection]) -> list[StatusChange]:
    changes = [StatusChange(r.record_id, r.decided_on, RecordStatus.REPAIRED, 1)
               for r in repairs if r.status == APPROVED and r.decided_on is not None]
    for objection in objections:
        changes.append(StatusChange(objection.record_id, objection.filed_on,
                                    RecordStatus.UNDER_OBJECTION, 0))
        if objection.decided_on is not None:
            outcome = ObjectionOutcome(objection.status)
            changes.append(StatusChange(objection.record_id, objection.decided_on,
                                        outcome.record_status, 1))
    return changes


def _record(row: CreditRecord, now, then, rules: CreditRules,  # type: ignore[no-untyped-def]
            as_of: date, words: Words, number: dict[str, int]) -> ReportRecord:
    published = published_then(now, then, row.published, rules)
    severity = then.severity.value if row.severity else None
    return ReportRecord(
        id=row.id, number=number[row.id], kind=row.kind, kind_label=then.kind.chinese,
        severity=severity, severity_label=words.severity(severity),
        department=row.department, department_name=words.department(row.department),
        legal_basis=row.legal_basis, decided_on=row.decided_on,
        violation_code=row.violation_code, status=then.status.value,
        status_label=then.status.chinese, published=published,
        in_publicity=in_publicity(then, published, as_of),
        publicity_minimum_end=row.publicity_minimum_end, publicity_end=then.publicity_end)


def _commitment(commitment: Commitment, as_of: date, words: Words,
                number: dict[str, int]) -> ReportCommitment:
    settled = commitment.settled_on is not None and commitment.settled_on <= as_of
    status = commitment.status if settled else CommitmentStatus.ACTIVE.value
    record_id = commitment.record_id if settled else None
    return ReportCommitment(
        id=commitment.id, kind=commitment.kind,
        kind_label=CommitmentKind(commitment.kind).chinese, department=commitment.department,
        department_name=words.department(commitment.department),
        matter=commitment.matter, matter_name=words.matter(commitment.matter),
        decision_ref=commitment.decision_ref,
        content=commitment.content, made_on=commitment.made_on,
        valid_until=commitment.valid_until, status=status,
        status_label=words.commitment_status(status), record_id=record_id,
        record_number=number.get(record_id) if record_id else None,
        settled_on=commitment.settled_on if settled else None)


def _repair(repair: RepairApplication, as_of: date, words: Words,
            number: dict[str, int]) -> ReportRepair:
    decided = repair.decided_on is not None and repair.decided_on <= as_of
    status = repair.status if decided else "pending"
    return ReportRepair(id=repair.id, record_id=repair.record_id,
                        record_number=number.get(repair.record_id, 0),
                        department=repair.department,
                        department_name=words.department(repair.department),
                        applied_on=repair.applied_on, due_on=repair.due_on, status=status,
                        status_label=words.repair_status(status),
                        decided_on=repair.decided_on if decided else None)


def _objection(objection: Objection, as_of: date, words: Words,
               number: dict[str, int]) -> ReportObjection:
    decided = objection.decided_on is not None and objection.decided_on <= as_of
    status = ObjectionStatus(objection.status) if decided else ObjectionStatus.PENDING
    return ReportObjection(
        id=objection.id, record_id=objection.record_id,
        record_number=number.get(objection.record_id, 0), department=objection.department,
        department_name=words.department(objection.department),
        filed_on=objection.filed_on, due_on=objection.due_on, status=status.value,
        status_label=words.objection_status(status.value),
        decided_on=objection.decided_on if decided else None,
        overdue=is_overdue(status, objection.due_on, as_of))
