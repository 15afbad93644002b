"""Events of credit commitments (信用承诺, CR-4), produced by credit-rating: made (they
are public, PN-3), kept, or found false (the approving department revokes its decision).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts.credit import PRODUCER
from shared.contracts.registry import event
from shared.uscc import USCC

CommitmentKind = Literal["approval_substitute", "public_disclosure", "industry_self_discipline",
                         "credit_repair"]
"""信用承诺 kinds (CR-4): 审批替代型 / 主动公开型 / 行业自律型 / 信用修复型."""


@event("credit.commitment.registered.v1", producer=PRODUCER, key="uscc",
       summary="A credit commitment (信用承诺) was made to a department; it is public (PN-3)")
class CommitmentRegistered(BaseModel):
    """信用承诺 registered (CR-4): its kind, the department it was made to and its text,
    which is made to be public (主动公开)."""

    commitment_id: str = Field(description="the commitment's id (UUID)")
    uscc: USCC
    kind: CommitmentKind = Field(description="kind of commitment",
                                 examples=["approval_substitute"])
    department: str = Field(description="department the commitment was made to",
                            examples=["XZSP"])
    matter: str | None = Field(description="matter of the approval, if any",
                               examples=["XZSP-003"])
    decision_ref: str | None = Field(description="reference of the decision it backs",
                                     examples=["青审批〔2026〕118号"])
    content: str = Field(description="the commitment's text, as made public")
    made_on: date = Field(description="day it was made", examples=["2026-11-02"])
    valid_until: date | None = Field(description="last day it binds; null: open-ended")


@event("credit.commitment.kept.v1", producer=PRODUCER, key="uscc",
       summary="A credit commitment was confirmed kept (守诺); a positive record was added")
class CommitmentKept(BaseModel):
    """守诺 (CR-4): the department the commitment was made to confirmed it was kept."""

    commitment_id: str = Field(description="the commitment's id (UUID)")
    uscc: USCC
    kind: CommitmentKind = Field(description="kind of commitment",
                                 examples=["approval_substitute"])
    department: str = Field(description="department that confirmed it", examples=["XZSP"])
    record_id: str = Field(description="the kept-commitment credit record added")
    kept_on: date = Field(description="day fulfilment was confirmed",
                          examples=["2026-11-20"])


@event("credit.commitment.breached.v1", producer=PRODUCER, key="uscc",
       summary="A credit commitment (信用承诺) was found false: revoke the decision it backed")
class CommitmentBreached(BaseModel):
    """违背信用承诺 (CR-4): the approving department revokes the decision the commitment
    replaced documents for (``revoke_decision``); a negative record was added."""

    commitment_id: str = Field(description="the commitment's id (UUID)")
    uscc: USCC
    kind: CommitmentKind = Field(description="kind of commitment",
                                 examples=["approval_substitute"])
    department: str = Field(description="department the commitment was made to (it "
                            "revokes its decision)", examples=["XZSP"])
    matter: str | None = Field(description="matter of the approval, if any",
                               examples=["XZSP-003"])
    decision_ref: str | None = Field(description="reference of the decision the commitment "
                                     "backed", examples=["青审批〔2026〕118号"])
    revoke_decision: bool = Field(description="true for 审批替代型: the decision rests on the "
                                  "false commitment and is to be revoked", examples=[True])
    record_id: str = Field(description="the broken-commitment credit record added")
    found_by: str = Field(description="department that found the commitment false",
                          examples=["SCJG"])
    found_on: date = Field(description="day the commitment was found false",
                           examples=["2026-11-20"])
