"""Events case-transfer (案件移送) produces, as integrators and credit-rating read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from shared.contracts.credit import Severity
from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "case-transfer"


class CaseDecision(StrEnum):
    """How a case ended (结案决定)."""

    PENALTY = "penalty"  # 给予行政处罚
    NO_PENALTY = "no_penalty"  # 不予行政处罚 (incl. 首违不罚)
    JUDICIAL_TRANSFER = "judicial_transfer"  # 移送司法机关 (行刑衔接)
    DISMISSED = "dismissed"  # 撤销案件


@event("case.concluded.v1", producer=PRODUCER, key="uscc",
       summary="A case was concluded with a decision; a penalty becomes a credit record")
class CaseConcluded(BaseModel):
    """结案: the decision of a case against an entity."""

    case_id: str = Field(description="the case's id", examples=["CASE-2026-000077"])
    uscc: USCC
    department: str = Field(description="code of the deciding department", examples=["SCJG"])
    decision: CaseDecision = Field(description="how the case ended", examples=["penalty"])
    severity: Severity = Field(description="失信程度 of the violation", examples=["general"])
    fine_yuan: Decimal | None = Field(default=None, ge=0, description="fine in yuan",
                                      examples=["20000"])
    decided_on: date = Field(description="date of the decision", examples=["2026-11-15"])
    legal_basis: str = Field(description="the articles applied",
                             examples=["《中华人民共和国食品安全法》第一百二十四条"])
    violation_code: str | None = Field(
        default=None, description="code of the violation in the 免罚清单, if it is one",
        examples=["MF-003"])
