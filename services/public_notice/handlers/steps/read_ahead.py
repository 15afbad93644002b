"""Reading a batch's questions at once (预读): the consumer takes events a few hundred
at a time, and each would ask the database on its own whether its event already made a
notice (``publishing.already_made``); a penalty or a complaint, which notice it
completes (``pairing.partner``); an inspection result, whether its entity is on a held
draw list (``inspection_events.holds_lists``). Asked for the whole batch in one
statement each, the answers are the ones each point read would give: both read what was
committed before the batch, and what the batch itself writes is on the ledger."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, or_, select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers.steps.ledger import NoticeLedger, key_of
from services.public_notice.handlers.steps.publishing import PAIRED
from services.public_notice.models import DrawSelection, Notice, NoticeSource
from shared.contracts import Envelope
from shared.contracts.case import CaseConcluded
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.credit import RecordAdded
from shared.contracts.inspection import InspectionResultRecorded
from shared.db import UnitOfWork

PAIRING_EVENTS = {event.__event_spec__.name  # type: ignore[attr-defined]
                  for event in (RecordAdded, CaseConcluded, ComplaintSubstantiated)}
RESULTS = InspectionResultRecorded.__event_spec__.name  # type: ignore[attr-defined]
CHUNK = 500  # identifiers per statement

# Only the entities go into the statements; the kind and the status are checked on the
# rows. Next to 500 entities, SQLite (no statistics) takes ``kind IN (…)`` or
# ``status = 'held'`` for the narrower condition and walks every penalty or every held
# list instead (81 ms and 351 ms a batch at 200,000 notices).
_USCCS = bindparam("usccs", expanding=True)
HALVES_AMONG = select(Notice.id, Notice.uscc, Notice.kind, Notice.department,
                      Notice.decided_on, Notice.record_id, Notice.reference) \
    .where(Notice.uscc.in_(_USCCS),
           or_(Notice.record_id.is_(None), Notice.reference.is_(None)))
LISTS_AMONG = select(DrawSelection.uscc, Notice.status) \
    .join(Notice, Notice.id == DrawSelection.notice_id).where(DrawSelection.uscc.in_(_USCCS))


async def read_ahead(ctx: PublicNoticeContext, uow: UnitOfWork,
                     envelopes: Sequence[Envelope]) -> None:
    """Put on ``uow``'s ledger which of ``envelopes`` made a notice before, and the
    notices still lacking a half of the entities they pair for."""
    ledger = NoticeLedger.of(uow)
    ids = [envelope.id for envelope in envelopes]
    sources = NoticeSource.source_event_id
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        ledger.known_sources.update(await uow.session.scalars(
            select(sources).where(sources.in_(chunk))))
        ledger.asked_sources.update(chunk)
    usccs = sorted({uscc for envelope in envelopes if envelope.name in PAIRING_EVENTS
                    and isinstance(uscc := envelope.data.get("uscc"), str)})
    for start in range(0, len(usccs), CHUNK):
        chunk = usccs[start:start + CHUNK]
        halves = await uow.session.execute(HALVES_AMONG, {"usccs": chunk})
        for half in halves:
            if half.kind not in PAIRED:
                continue
            ledger.halves.setdefault(key_of(half.kind, half.uscc, half.department,
                                            half.decided_on), []).append(half)
        ledger.halves_read.update(chunk)
    inspected = sorted({uscc for envelope in envelopes if envelope.name == RESULTS
                        and isinstance(uscc := envelope.data.get("uscc"), str)})
    for start in range(0, len(inspected), CHUNK):
        chunk = inspected[start:start + CHUNK]
        ledger.held_for.update(uscc for uscc, status in await uow.session.execute(
            LISTS_AMONG, {"usccs": chunk}) if status == "held")
        ledger.held_read.update(chunk)
