"""Credit commitments (信用承诺, CR-4): the four kinds and what becomes of a commitment.

A commitment is registered with the department it is made to; it is kept (守诺, a
positive record) or found false (承诺不实, a broken_commitment record, and for
审批替代型 the approval it replaced documents for is to be revoked).
"""

from __future__ import annotations

from enum import StrEnum


class CommitmentKind(StrEnum):
    """The four kinds of 信用承诺."""

    APPROVAL_SUBSTITUTE = "approval_substitute"
    PUBLIC_DISCLOSURE = "public_disclosure"
    INDUSTRY_SELF_DISCIPLINE = "industry_self_discipline"
    CREDIT_REPAIR = "credit_repair"

    @property
    def chinese(self) -> str:
        return _KIND_NAMES[self]

    @property
    def backs_a_decision(self) -> bool:
        """True for 审批替代型: a decision was made on the commitment instead of documents,
        so a false commitment revokes it."""
        return self is CommitmentKind.APPROVAL_SUBSTITUTE


_KIND_NAMES = {
    CommitmentKind.APPROVAL_SUBSTITUTE: "审批替代型",
    CommitmentKind.PUBLIC_DISCLOSURE: "主动公开型",
    CommitmentKind.INDUSTRY_SELF_DISCIPLINE: "行业自律型",
    CommitmentKind.CREDIT_REPAIR: "信用修复型",
}


class CommitmentStatus(StrEnum):
    """Where a commitment stands: in force, kept (守诺) or breached (失诺)."""

    ACTIVE = "active"
    KEPT = "kept"
    BREACHED = "breached"

    @property
    def chinese(self) -> str:
        return {"active": "履行中", "kept": "已履行", "breached": "承诺不实"}[self.value]


def settle_problem(status: CommitmentStatus, wanted: CommitmentStatus) -> str | None:
    """Why a commitment in ``status`` cannot become ``wanted`` (None: it can).

    Only a commitment in force is settled, once: a kept one is not found false later
    through this path, nor a breached one kept.
    """
    if status is CommitmentStatus.ACTIVE:
        return None
    return (f"承诺已{status.chinese}, 不能再标记为{wanted.chinese} / the commitment is already "
            f"{status.value}; it cannot be marked {wanted.value}")
