"""Publishing timing (公示时限) in working days: the latest day to publish a decision and
the latest day to take a revoked one down (国办发〔2018〕118号, 国发〔2019〕5号)."""

from __future__ import annotations

from datetime import date

from services.public_notice.domain.rules import NoticeRules
from shared.workdays import add_workdays


def publish_due(kind: str, decided_on: date, rules: NoticeRules) -> date:
    """The last day a notice of ``kind`` about a decision of ``decided_on`` may go up."""
    return add_workdays(decided_on, rules.kind(kind).publish_within_workdays)


def takedown_due(revoked_on: date, rules: NoticeRules) -> date:
    """The last day a notice of a decision revoked on ``revoked_on`` may still be up."""
    return add_workdays(revoked_on, rules.file.takedown.workdays)
