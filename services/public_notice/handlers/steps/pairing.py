"""One notice from two events (合并): a penalty arrives as the case's conclusion and as
the credit record credit-rating made of it; a substantiated complaint as the complaint's
finding and as its record. The first event publishes the notice, the second completes
it (the record's id, kind of penalty and ban; the case's articles and fine) and the
notice is announced again with the same id.

The two are matched by entity, kind, department and decision day, each side taking a
notice that still lacks its own half, so two penalties of one day pair one to one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from sqlalchemy import bindparam, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import PENALTY, Draft, penalty_title
from services.public_notice.domain.masking import screen
from services.public_notice.domain.periods import PenaltyFacts
from services.public_notice.handlers.steps.ledger import NoticeLedger, key_of
from services.public_notice.handlers.steps.publishing import (
    columns_of,
    exposed,
    period_of,
    published_event,
)
from services.public_notice.handlers.steps.versions import next_version
from services.public_notice.handlers.steps.withdrawal import take_down
from services.public_notice.models import Notice
from shared.audit import record
from shared.db import UnitOfWork

Half = Literal["record", "reference"]
_SAME = (Notice.uscc == bindparam("uscc"), Notice.kind == bindparam("kind"),
         Notice.department == bindparam("department"),
         Notice.decided_on == bindparam("decided_on"))
LACKING_RECORD = select(Notice.id).where(*_SAME, Notice.record_id.is_(None),
                                         Notice.reference.is_not(None))
LACKING_REFERENCE = select(Notice.id).where(*_SAME, Notice.reference.is_(None),
                                            Notice.record_id.is_not(None))


async def partner(ctx: PublicNoticeContext, uow: UnitOfWork, draft: Draft,
                  lacking: Half) -> str | None:
    """The notice ``draft`` completes: same entity, kind, department and day, still
    lacking the ``lacking`` half; None when there is none. A blocked or withdrawn notice
    is a partner too, so that its second half never publishes it again."""
    ledger = NoticeLedger.of(uow)
    for pair in ledger.pairs.get(key_of(draft.kind, draft.uscc, draft.department,
                                        draft.decided_on), ()):
        if pair.notice_id not in ledger.claimed \
                and getattr(pair, "record_id" if lacking == "record" else "reference") is None:
            return pair.notice_id
    if draft.uscc in ledger.halves_read:  # read ahead for the batch
        rows = [half for half in ledger.halves.get(key_of(
            draft.kind, draft.uscc, draft.department, draft.decided_on), ())
            if (half.record_id is None and half.reference is not None if lacking == "record"
                else half.reference is None and half.record_id is not None)]
        return next((row.id for row in rows if row.id not in ledger.claimed), None)
    statement = LACKING_RECORD if lacking == "record" else LACKING_REFERENCE
    rows = await ctx.database.point_read(statement).all(
        uscc=draft.uscc, kind=draft.kind, department=draft.department,
        decided_on=draft.decided_on)
    return next((row.id for row in rows if row.id not in ledger.claimed), None)


async def complete(ctx: PublicNoticeContext, uow: UnitOfWork, notice_id: str, draft: Draft,
                   *, actor: str) -> None:
    """Complete the notice with what ``draft`` adds; its period and 曝光台 standing are
    worked out again, and it comes down if the new facts end it (or block it)."""
    ledger = NoticeLedger.of(uow)
    await ledger.flush()
    ledger.claimed.add(notice_id)
    for pair in ledger.pairs.get(key_of(draft.kind, draft.uscc, draft.department,
                                        draft.decided_on), ()):
        if pair.notice_id == notice_id:
            pair.record_id = pair.record_id or draft.record_id
            pair.reference = pair.reference or draft.reference
    notice = await uow.session.get(Notice, notice_id)
    if notice is None:
        return
    ledger.completed(draft.source_event_id, notice_id)
    await ledger.flush()
    if notice.status != "published":
        return  # blocked or already down: it stays so
    screening = screen([draft.decision_basis or "", draft.summary], notice.decided_on,
                       ctx.rules)
    if screening.blocked is not None:
        await take_down(ctx, uow, [notice], screening.blocked, actor=actor)
        return
    _merge(notice, replace(draft, summary=screening.texts[1]), screening.texts[0])
    penalty = PenaltyFacts(notice.uscc or "", notice.department, notice.severity,  # type: ignore[arg-type]
                           notice.decided_on, notice.penalty_kind, notice.fine_yuan,
                           notice.ban_until) if notice.kind == PENALTY else None
    period = period_of(notice.kind, penalty, notice.severity, notice.decided_on,
                       notice.published_on or ctx.clock.today(), ctx.rules)
    notice.ends_on, notice.period_rule = period.ends_on, period.rule
    notice.repairable_from = period.repairable_from
    notice.exposed = exposed(notice.kind, notice.severity, notice.fine_yuan, ctx.rules)
    await record(uow, actor=actor, action="notice.amended", subject=notice.id, detail={
        "source_event_id": draft.source_event_id, "record_id": notice.record_id,
        "reference": notice.reference, "period_rule": period.rule,
        "ends_on": None if period.ends_on is None else period.ends_on.isoformat()})
    if not period.public_on(ctx.clock.today()):
        await take_down(ctx, uow, [notice], "period_ended", actor=actor)
        return
    await next_version(uow.session, notice)
    uow.emit(published_event(columns_of(notice)))


def _merge(notice: Notice, draft: Draft, decision_basis: str) -> None:
    """What the second event knows that the first did not; the first's facts stay."""
    notice.record_id = notice.record_id or draft.record_id
    notice.reference = notice.reference or draft.reference
    notice.severity = draft.severity or notice.severity
    if decision_basis and not notice.decision_basis:
        notice.decision_basis = decision_basis[:300]
    if draft.summary and not notice.summary:
        notice.summary = draft.summary
    facts = draft.penalty or PenaltyFacts("", "", None, notice.decided_on)
    notice.penalty_kind = facts.penalty_kind or notice.penalty_kind
    notice.fine_yuan = facts.fine_yuan if facts.fine_yuan is not None else notice.fine_yuan
    notice.ban_until = facts.ban_until or notice.ban_until
    if notice.kind == PENALTY:
        notice.title = penalty_title(notice.penalty_kind, notice.fine_yuan)
    elif notice.title == "投诉举报查实":
        notice.title = draft.title
    notice.details = {**(notice.details or {}), **draft.details}

