"""Publishing a draft (发布公示): screen it (PN-4), give it its period and deadline, and
put it on the ledger with its audit entry and ``notice.published.v1``.

A draft that the rules do not publish (轻微 credit findings, a period already over) makes
no notice; one that names a minor or carries a secret mark is kept as ``blocked``,
without its texts, and never shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import Draft
from services.public_notice.domain.masking import Screening, screen
from services.public_notice.domain.periods import (
    PenaltyFacts,
    Period,
    credit_period,
    kind_period,
    penalty_period,
)
from services.public_notice.domain.rules import NoticeRules
from services.public_notice.domain.timing import publish_due
from services.public_notice.handlers.steps.ledger import NoticeLedger, Pair
from services.public_notice.handlers.steps.versions import FIRST, next_version
from services.public_notice.models import Notice, NoticeSource
from shared.audit import AuditNote
from shared.contracts.notice import NoticePublished
from shared.db import UnitOfWork
from shared.ids import new_id

PAIRED = {"administrative_penalty", "substantiated_complaint"}  # two events, one notice
BY_SOURCE = select(NoticeSource.notice_id).where(
    NoticeSource.source_event_id == bindparam("source"))


async def publish(ctx: PublicNoticeContext, uow: UnitOfWork, draft: Draft, *,
                  actor: str, checked: bool = False) -> str | None:
    """Make ``draft`` a notice once; its id, or None when nothing is to be made.
    ``checked``: the caller has just made sure its event made nothing yet (``seen``)."""
    ledger = NoticeLedger.of(uow)
    if not checked and await already_made(ctx, ledger, draft.source_event_id):
        return None
    (today, now), rules = ledger.now(ctx.clock), ctx.rules
    screening = screen([draft.title, draft.summary, draft.decision_basis or ""],
                       draft.decided_on, rules)
    notice_id = new_id()
    if screening.blocked is not None:
        row = notice_row(draft, notice_id, now, rules, status="blocked",
                         period=Period("BLOCKED", False, None), screening=screening)
        row["withdrawal_reason"] = screening.blocked
        note = AuditNote(actor, "notice.blocked", notice_id, {
            "kind": draft.kind, "reason": screening.blocked,
            "source_event_id": draft.source_event_id})
        event = None
    elif draft.held:
        row = notice_row(draft, notice_id, now, rules, status="held",
                         period=Period("HELD", False, None), screening=screening)
        note = AuditNote(actor, "notice.held", notice_id, {
            "kind": draft.kind, "reference": draft.reference,
            "source_event_id": draft.source_event_id})
        event = None
    else:
        period = period_of(draft.kind, draft.penalty, draft.severity, draft.decided_on,
                           today, rules, draft.valid_until)
        if not period.public_on(today):
            return None
        row = notice_row(draft, notice_id, now, rules, status="published", period=period,
                         screening=screening, published_on=today)
        note, event = published_note(row, actor), published_event(row)
    if draft.kind in PAIRED:  # a blocked one too: its second half must not publish it
        ledger.pair(Pair(notice_id, draft.kind, draft.uscc, draft.department,
                         draft.decided_on, draft.record_id, draft.reference))
    await ledger.add(row, note, event, draft.selections)
    return notice_id


async def seen(ctx: PublicNoticeContext, uow: UnitOfWork, source: str) -> bool:
    """Whether the event ``source`` already made or completed a notice."""
    return await already_made(ctx, NoticeLedger.of(uow), source)


async def already_made(ctx: PublicNoticeContext, ledger: NoticeLedger, source: str) -> bool:
    """Whether the event ``source`` already made or completed a notice (in this unit of
    work, or before)."""
    if source in ledger.sources:
        return True
    if source in ledger.asked_sources:  # read ahead for the batch
        return source in ledger.known_sources
    return await ctx.database.point_read(BY_SOURCE).first(source=source) is not None


def period_of(kind: str, penalty: PenaltyFacts | None, severity: str | None,
              decided_on: date, published_on: date, rules: NoticeRules,
              valid_until: date | None = None) -> Period:
    """The period the rules give a notice of ``kind`` published on ``published_on``."""
    how = rules.kind(kind).period
    if how == "penalty" and penalty is not None:
        return penalty_period(penalty, published_on, rules)
    if how in ("penalty", "credit"):
        return credit_period(severity or "general", decided_on, rules)  # type: ignore[arg-type]
    return kind_period(kind, published_on, rules, valid_until)


def exposed(kind: str, severity: str | None, fine: Decimal | None, rules: NoticeRules) -> bool:
    """曝光台: a penalty that is serious, or whose fine reaches the rule's amount."""
    if kind != "administrative_penalty":
        return False
    rule = rules.file.exposure
    return severity in rule.severities or (
        rule.min_fine_yuan is not None and fine is not None and fine >= rule.min_fine_yuan)


def notice_row(draft: Draft, notice_id: str, now: datetime, rules: NoticeRules, *,
               status: str, period: Period, screening: Screening,
               published_on: date | None = None) -> dict[str, Any]:
    """The notices row of ``draft`` (texts as screened; none at all when blocked)."""
    texts = screening.texts or ("", "", "")
    penalty = draft.penalty
    fine = penalty.fine_yuan if penalty is not None else None
    return {
        "id": notice_id, "number": 0, "source_event_id": draft.source_event_id,
        "kind": draft.kind, "uscc": draft.uscc, "department": draft.department,
        "title": (texts[0] or rules.name_of(draft.kind))[:200], "summary": texts[1],
        "legal_basis": rules.kind(draft.kind).basis[:300],
        "decision_basis": (texts[2] or None) and texts[2][:300],
        "severity": draft.severity,
        "penalty_kind": penalty.penalty_kind if penalty is not None else None,
        "fine_yuan": fine, "ban_until": penalty.ban_until if penalty is not None else None,
        "decided_on": draft.decided_on,
        "publish_due": publish_due(draft.kind, draft.decided_on, rules),
        "published_on": published_on, "published_at": now if published_on else None,
        "ends_on": period.ends_on, "repairable_from": period.repairable_from,
        "period_rule": period.rule, "status": status,
        "withdrawn_on": None, "withdrawal_reason": None, "takedown_due": None,
        "record_id": draft.record_id, "reference": draft.reference,
        "exposed": exposed(draft.kind, draft.severity, fine, rules),
        "masked": ",".join(screening.masked)[:200], "details": draft.details,
        "created_at": now, "version": FIRST if status == "published" else 0}


def published_event(row: dict[str, Any]) -> NoticePublished:
    """``notice.published.v1`` of a notices row (or of a ``Notice``'s columns), at the
    row's version (raised first by the caller when the notice was there before)."""
    ends_on = row["ends_on"]
    return NoticePublished(
        notice_id=row["id"], kind=row["kind"], uscc=row["uscc"],
        department=row["department"], title=row["title"], legal_basis=row["legal_basis"],
        decision_basis=row["decision_basis"], decided_on=row["decided_on"],
        published_on=row["published_on"],
        public_until=None if ends_on is None else ends_on - timedelta(days=1),
        period_rule=row["period_rule"], source_event_id=row["source_event_id"],
        path=f"/notices/{row['id']}", version=row["version"] or None)


def published_note(row: dict[str, Any], actor: str) -> AuditNote:
    """The audit entry of a publication: what, under which rule, whether in time."""
    return AuditNote(actor, "notice.published", row["id"], {
        "kind": row["kind"], "source_event_id": row["source_event_id"],
        "period_rule": row["period_rule"],
        "ends_on": None if row["ends_on"] is None else row["ends_on"].isoformat(),
        "late": row["published_on"] > row["publish_due"], "masked": row["masked"]})


def columns_of(notice: Notice) -> dict[str, Any]:
    """A ``Notice`` as the row dict the functions above take."""
    return {column.key: getattr(notice, column.key) for column in Notice.__table__.columns}


async def release(ctx: PublicNoticeContext, uow: UnitOfWork, notice: Notice, *,
                  today: date, now: datetime, actor: str) -> AuditNote:
    """A held notice (a draw list before its inspection window) goes up today: its
    period runs from today, its version is raised and ``notice.published.v1`` emitted.
    Returns its audit note, for the caller to record with the others."""
    period = kind_period(notice.kind, today, ctx.rules)
    notice.status, notice.published_on, notice.published_at = "published", today, now
    notice.ends_on, notice.period_rule = period.ends_on, period.rule
    await next_version(uow.session, notice)
    row = columns_of(notice)
    uow.emit(published_event(row))
    return published_note(row, actor)
