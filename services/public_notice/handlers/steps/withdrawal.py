"""Taking notices down (撤下): each one audited and announced with ``notice.withdrawn.v1``
at the notice's next version.

A notice that was never public (held, blocked) is withdrawn without an event: there is
nothing for an integrator to take down.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers.steps.ledger import NoticeLedger
from services.public_notice.handlers.steps.versions import next_version
from services.public_notice.models import Notice
from shared.audit import AuditNote, record_many
from shared.contracts.notice import NoticeWithdrawn
from shared.db import UnitOfWork

UP = ("published", "held")


async def take_down(ctx: PublicNoticeContext, uow: UnitOfWork, notices: Sequence[Notice],
                    reason: str, *, actor: str, due_on: date | None = None,
                    note: str | None = None) -> int:
    """Withdraw those of ``notices`` still up, for ``reason``; how many came down."""
    today = ctx.clock.today()
    entries = []
    for notice in notices:
        if notice.status not in UP:
            continue
        was_public = notice.status == "published"
        notice.status, notice.withdrawn_on = "withdrawn", today
        notice.withdrawal_reason, notice.takedown_due = reason, due_on
        entries.append(AuditNote(actor, "notice.withdrawn", notice.id, {
            "kind": notice.kind, "uscc": notice.uscc, "reason": reason,
            "due_on": None if due_on is None else due_on.isoformat(),
            "late": due_on is not None and today > due_on, "note": note}))
        if was_public:
            version = await next_version(uow.session, notice)
            uow.emit(NoticeWithdrawn(notice_id=notice.id, kind=notice.kind,  # type: ignore[arg-type]
                                     uscc=notice.uscc, department=notice.department,
                                     reason=reason, withdrawn_on=today,  # type: ignore[arg-type]
                                     due_on=due_on, version=version))
    await record_many(uow, entries)
    return len(entries)


def notices_query(*conditions: object) -> Select[tuple[Notice]]:
    """The notices matching ``conditions``, whatever their status."""
    return select(Notice).where(*conditions)  # type: ignore[arg-type]


async def notices_where(uow: UnitOfWork, *conditions: object,
                        kind: str | None = None) -> list[Notice]:
    """The notices still up that match ``conditions`` (and are of ``kind``, when given),
    read after the ledger's pending notices are written (so a notice made earlier in this
    unit of work is found).

    ``conditions`` must pick out the few notices asked about by an index of their own (a
    kind with its reference, a record, an entity); the status, and ``kind``, are checked
    on the rows read. Given to SQLite, which has no statistics, ``status IN (…)`` made it
    walk every published notice of the kind, or every published notice (45-66 ms an event
    at 200,000 notices)."""
    await NoticeLedger.of(uow).flush()
    found = (await uow.session.scalars(notices_query(*conditions))).all()
    return [notice for notice in found
            if notice.status in UP and (kind is None or notice.kind == kind)]
