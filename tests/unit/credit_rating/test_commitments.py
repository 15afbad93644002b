"""Credit commitments (信用承诺, CR-4): which kind revokes a decision, settled once."""

from __future__ import annotations

from services.credit_rating.domain.commitments import (
    CommitmentKind,
    CommitmentStatus,
    settle_problem,
)
from services.credit_rating.domain.records import Severity
from services.credit_rating.domain.rules import CreditRules


def test_only_an_approval_substitute_commitment_backs_a_decision() -> None:
    assert [k for k in CommitmentKind if k.backs_a_decision] == [
        CommitmentKind.APPROVAL_SUBSTITUTE]
    assert [k.chinese for k in CommitmentKind] == ["审批替代型", "主动公开型", "行业自律型",
                                                   "信用修复型"]


def test_a_commitment_is_settled_once() -> None:
    assert settle_problem(CommitmentStatus.ACTIVE, CommitmentStatus.BREACHED) is None
    assert settle_problem(CommitmentStatus.ACTIVE, CommitmentStatus.KEPT) is None
    kept_then_false = settle_problem(CommitmentStatus.KEPT, CommitmentStatus.BREACHED)
    assert kept_then_false is not None and "already kept" in kept_then_false
    assert settle_problem(CommitmentStatus.BREACHED, CommitmentStatus.BREACHED) is not None


def test_the_breach_severity_is_rule_data(rules: CreditRules) -> None:
    assert rules.commitments.breach_severity == Severity.GENERAL
