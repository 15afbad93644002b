"""Publishing timing (公示时限) in working days: the latest day to publish a decision and
the latest day to take a revoked one down (国办发〔2018〕118号, 国发〔2019〕5号)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from services.public_notice.domain.rules import NoticeRules
from shared.workdays import add_workdays


def publish_due(kind: str, decided_on: date, rules: NoticeRules) -> date:
    """The last day a notice of ``kind`` about a decision of ``decided_on`` may go up."""
    return _after(decided_on, rules.kind(kind).publish_within_workdays)


@lru_cache(maxsize=4096)
def _after(start: date, workdays: int) -> date:
    """``add_workdays``, remembered: a batch of notices shares a few decision days."""
    return add_workdays(start, workdays)


def takedown_due(revoked_on: date, rules: NoticeRules) -> date:
    """The last day a notice of a decision revoked on ``revoked_on`` may still be up."""
    return _after(revoked_on, rules.file.takedown.workdays)
