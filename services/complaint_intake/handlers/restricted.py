"""Restricted reporters (恶意举报限制, CP-5), known before a public filing is answered.

A reporter with enough filings closed as malicious may file publicly only
``rate_limits.restricted_reporter`` times a week (429 beyond). The intake answers at
once, so this is decided without a read per filing: the marks that can still restrict
anyone (closed within ``restrict_days + within_days`` of today) are kept in memory,
under every blind index of the identity they were made against, as the standing's own
query matches them (any identifier, in whichever field it was given; never a name).

They are read again when older than ``refresh_seconds`` (other instances' closures
show within that time) and at once after this instance closes a filing as malicious
(``forget``). Marks are rare, so the read and the memory are small. The worker still
works out the full standing (restricted, review, ok) that the complaint carries.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select

from services.complaint_intake.domain.reporters import Standing, reporter_standing
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.errors import RestrictedReporterQuota
from services.complaint_intake.handlers.reporters import IDENTIFIERS
from services.complaint_intake.models import ReporterIdentity, ReporterMark
from shared.db import Database
from shared.web.rate_limit import Limiter

_INDEXES = ("reporter_index", *(f"{name}_index" for name in IDENTIFIERS))
RECENT_MARKS = select(ReporterMark.complaint_id, ReporterMark.marked_on,
                      *(getattr(ReporterIdentity, column) for column in _INDEXES)) \
    .join(ReporterIdentity, ReporterIdentity.complaint_id == ReporterMark.complaint_id) \
    .where(ReporterMark.marked_on >= bindparam("since"))


class RestrictedReporters:
    """The recent malicious marks by blind index, read at most every ``refresh_seconds``."""

    def __init__(self, refresh_seconds: float = 60.0) -> None:
        self.refresh_seconds = refresh_seconds
        self._marks: dict[str, dict[str, date]] = {}  # blind index → {complaint: marked on}
        self._read_at = float("-inf")
        self._forgotten = 0  # how often forget() was called: a read begun before is stale
        self._reading: asyncio.Lock | None = None

    def forget(self) -> None:
        """Read the marks again before the next check (a mark was just made)."""
        self._read_at = float("-inf")
        self._forgotten += 1

    async def charge(self, db: Database, quota: Limiter, identity: dict[str, Any] | None,
                     today: date, rules: ComplaintRules) -> None:
        """429 (``RestrictedReporterQuota``) when the reporter of ``identity`` (a sealed
        identity row; None: anonymous) is restricted on ``today`` and has used up the
        public filings left to them; else the filing counts against that quota."""
        if identity is None or identity["reporter_index"] is None:
            return  # anonymous, or a name only: nobody to recognise
        if time.monotonic() - self._read_at > self.refresh_seconds:
            await self._read(db, today, rules)
        marks: dict[str, date] = {}
        for column in _INDEXES:
            marks.update(self._marks.get(identity[column] or "", {}))
        if not marks:
            return
        standing = reporter_standing(list(marks.values()), [], today, rules)
        if standing.standing is not Standing.RESTRICTED:
            return
        wait = await quota.spend(identity["reporter_index"])
        if wait is not None:
            limit = rules.rate_limits.restricted_reporter
            raise RestrictedReporterQuota(wait, standing.until, limit.requests,
                                          limit.per_seconds)

    async def _read(self, db: Database, today: date, rules: ComplaintRules) -> None:
        if self._reading is None:
            self._reading = asyncio.Lock()
        async with self._reading:  # one read for the filings that found it stale at once
            if time.monotonic() - self._read_at <= self.refresh_seconds:
                return
            started, forgotten = time.monotonic(), self._forgotten
            rule = rules.rate_limits.malicious_reporter
            since = today - timedelta(days=rule.restrict_days + rule.within_days)
            marks: dict[str, dict[str, date]] = {}
            async with db.reader() as session:
                for row in await session.execute(RECENT_MARKS, {"since": since}):
                    for column in _INDEXES:
                        value = getattr(row, column)
                        if value is not None:
                            marks.setdefault(value, {})[row.complaint_id] = row.marked_on
            self._marks = marks
            if forgotten == self._forgotten:
                self._read_at = started
