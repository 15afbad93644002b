"""Events complaint-intake (投诉举报) produces, as integrators and credit-rating read them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.contracts.credit import Severity
from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "complaint-intake"


@event("complaint.substantiated.v1", producer=PRODUCER, key="uscc",
       summary="A complaint or report was found true (查实); becomes a credit record (CP-3)")
class ComplaintSubstantiated(BaseModel):
    """投诉举报查实: the finding against an entity, without the complainant."""

    complaint_id: str = Field(description="the complaint's id", examples=["CP-2026-000123"])
    uscc: USCC
    category: str = Field(description="matter category of the 职责边界清单",
                          examples=["food_safety"])
    handling_department: str = Field(description="code of the department that handled it",
                                     examples=["SCJG"])
    substantiated_on: date = Field(description="date of the finding", examples=["2026-11-18"])
    severity: Severity = Field(description="失信程度 of the finding", examples=["general"])
    finding_for: str | None = Field(
        default=None, description="a department code, or 'police', when the finding was "
        "handed on for further action", examples=["police"])
