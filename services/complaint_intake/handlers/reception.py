"""Reception of a filing (登记): where it goes, and the day it counts from (CP-1, CP-2).

- A category of the 职责边界清单 is routed to the department answering for it in the
  region; any other is never refused (一号响应): it goes to the triage queue of the
  12345 hotline office the rules name (``intake.triage``), whose officer assigns it.
- The public's filing is received when filed. A department relaying a letter or a
  12345/12315 call says the day it was received (``received_on``), which every deadline
  counts from: not in the future, not further back than the rules allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from services.complaint_intake.domain.deadlines import ReceivedOnRefused, received_day
from services.complaint_intake.domain.lifecycle import Channel, Status
from services.complaint_intake.handlers.filing import ComplaintFiling
from shared.clock import china_day
from shared.errors import Unusable

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext


@dataclass(frozen=True)
class Destination:
    """The department a filing goes to, and the status it waits in there."""

    department: str
    status: Status

    @property
    def triage(self) -> bool:
        return self.status is Status.TRIAGE


def destination(ctx: IntakeContext, category: str, region: str) -> Destination:
    """The department answering for ``category`` in ``region``, or the triage queue."""
    if category in ctx.routed_categories:
        return Destination(ctx.reference.route(category, region), Status.RECEIVED)
    return Destination(ctx.rules.intake.triage.department, Status.TRIAGE)


def received_day_of(ctx: IntakeContext, filing: ComplaintFiling, channel: Channel,
                    at: datetime) -> date:
    """The day ``filing`` was received (422 naming ``received_on`` when it cannot be)."""
    keyed_on = china_day(at)
    if channel is Channel.PUBLIC:
        if filing.received_on is not None:
            raise Unusable("received_on", "the public's filing is received when it is "
                           "filed; received_on is for a department relaying a letter or "
                           "call, leave it out")
        return keyed_on
    if filing.received_on is None:
        raise Unusable("received_on", "a department relaying a letter or call says the day "
                       "it was received (YYYY-MM-DD): its deadlines count from that day")
    try:
        return received_day(keyed_on, filing.received_on, ctx.rules.intake.received_on)
    except ReceivedOnRefused as refused:
        raise Unusable("received_on", str(refused)) from None
