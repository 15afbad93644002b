"""Events complaint-intake (投诉举报) produces, as integrators and credit-rating read them."""

from __future__ import annotations

from datetime import date
from typing import Literal

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


ComplaintKindName = Literal["complaint", "report", "suggestion"]
Outcome = Literal["substantiated", "not_substantiated", "malicious", "withdrawn", "refused"]
DeadlineName = Literal["accept", "decide_case", "mediation", "case_decision"]


@event("complaint.received.v1", producer=PRODUCER, key="complaint_id",
       summary="A complaint, report or suggestion was received on some channel (CP-1)")
class ComplaintReceived(BaseModel):
    """投诉举报已登记: what was filed about whom, never who filed it nor the text."""

    complaint_id: str = Field(description="the complaint's id (UUID)")
    kind: ComplaintKindName = Field(description="投诉 complaint, 举报 report or 建议 suggestion")
    channel: str = Field(description="where it came in: public, 12345, 12315, internet_plus, "
                         "app, mailbox or letter", examples=["12315"])
    category: str = Field(description="matter category of the 职责边界清单",
                          examples=["food_safety"])
    uscc: str | None = Field(default=None, description="the entity's USCC when known")
    region: str = Field(description="6-digit region code the complaint is routed by",
                        examples=["370211"])
    received_on: date = Field(description="day of receipt (China time)")
    duplicate_of: str | None = Field(
        default=None, description="id of the first complaint this one repeats; no task is "
        "opened for a duplicate")


@event("complaint.routed.v1", producer=PRODUCER, key="complaint_id",
       summary="A complaint was routed to (or passed on to) its handling department (CP-2)")
class ComplaintRouted(BaseModel):
    """分办: the 职责边界清单 picked the department, or a department passed it on."""

    complaint_id: str = Field(description="the complaint's id (UUID)")
    category: str = Field(description="matter category", examples=["food_safety"])
    region: str = Field(description="6-digit region code", examples=["370211"])
    department: str = Field(description="the handling department now (the 12345 hotline "
                            "office's code while it waits in triage)", examples=["SCJG"])
    previous_department: str | None = Field(
        default=None, description="the department that passed it on (误派转办) or the "
        "hotline office that assigned it from triage (派单); null on first routing")
    routed_on: date = Field(description="day of routing (China time)")


@event("complaint.closed.v1", producer=PRODUCER, key="complaint_id",
       summary="A complaint or report was closed with an outcome (办结), or refused")
class ComplaintClosed(BaseModel):
    """办结: the outcome, without the reporter or internal notes."""

    complaint_id: str = Field(description="the complaint's id (UUID)")
    kind: ComplaintKindName = Field(description="complaint, report or suggestion")
    outcome: Outcome = Field(description="substantiated, not_substantiated, malicious, "
                             "withdrawn; refused: 不予受理 / 不予立案, ended unhandled")
    department: str = Field(description="the handling department", examples=["SCJG"])
    uscc: str | None = Field(default=None, description="the entity's USCC when known")
    closed_on: date = Field(description="day of closing (China time)")


@event("complaint.overdue.v1", producer=PRODUCER, key="complaint_id",
       summary="A legal deadline of a complaint passed without action: 督办 (CP-6)")
class ComplaintOverdue(BaseModel):
    """逾期督办: one event per passed deadline."""

    complaint_id: str = Field(description="the complaint's id (UUID)")
    department: str = Field(description="the handling department", examples=["SCJG"])
    deadline: DeadlineName = Field(description="accept (受理), decide_case (立案), "
                                   "mediation (调解) or case_decision (a report's case "
                                   "decided, 作出处理决定)")
    due_on: date = Field(description="the last day that was still in time")
    detected_on: date = Field(description="day the sweep found it overdue")
