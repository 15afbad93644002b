"""A reporter's standing (举报人信用状况) for the rate limiter (CP-5), from the history kept
under the reporter's blind index: closures as malicious (恶意中伤) and recent filings.

- ``restricted``: enough closures as malicious within the window; lasts ``restrict_days``
  from the closure that reached the count;
- ``review``: many filings against many entities in a short time, the pattern of
  profit-driven claims (牟利性打假);
- ``ok`` otherwise.

Restricted and reviewed filings are still received; the service screens them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from services.complaint_intake.domain.rules import ComplaintRules


class Standing(StrEnum):
    OK = "ok"
    REVIEW = "review"
    RESTRICTED = "restricted"


@dataclass(frozen=True)
class ReporterStanding:
    """The standing, until when it lasts (restricted only) and why, in words."""

    standing: Standing
    until: date | None = None
    reason: str = ""


def reporter_standing(
    malicious_closures: Sequence[date],
    filings: Sequence[tuple[date, str]],
    today: date,
    rules: ComplaintRules,
) -> ReporterStanding:
    """The standing on ``today`` of a reporter with ``malicious_closures`` (closing dates)
    and ``filings`` (received date, entity) found under one blind index."""
    malicious = rules.rate_limits.malicious_reporter
    closures = sorted(day for day in malicious_closures if day <= today)
    until: date | None = None
    span = timedelta(days=malicious.within_days)
    for last in range(malicious.closures - 1, len(closures)):
        if closures[last] - closures[last - malicious.closures + 1] <= span:
            until = closures[last] + timedelta(days=malicious.restrict_days)
    if until is not None and today < until:
        return ReporterStanding(
            Standing.RESTRICTED,
            until,
            f"{malicious.closures} or more reports closed as malicious within "
            f"{malicious.within_days} days",
        )
    profit = rules.rate_limits.profit_driven
    since = today - timedelta(days=profit.within_days)
    recent = [entity for day, entity in filings if since < day <= today]
    if len(recent) >= profit.filings and len(set(recent)) >= profit.distinct_entities:
        return ReporterStanding(
            Standing.REVIEW,
            reason=f"{len(recent)} filings against {len(set(recent))} entities in the last "
            f"{profit.within_days} days",
        )
    return ReporterStanding(Standing.OK)
