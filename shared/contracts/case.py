"""Events case-transfer (案件移送) produces, as integrators and credit-rating read them.

Suspects' personal data never travels: a person is named only by ``person_hash``, a keyed
HMAC of the ID number that only case-transfer's key can reproduce. Reasons and free text
stay in the service (the API shows them to the departments that may see the case).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from shared.contracts.credit import VERSIONED, Severity, StateVersion
from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "case-transfer"

CaseId = Annotated[str, Field(description="the case's id",
                              examples=["0196f7a2-3b9c-7d21-9a0e-5c4b3a291f08"])]
CaseVersion = Annotated[StateVersion, Field(
    description=f"{VERSIONED} (subject: the case ``case_id``; every event of its status "
    "carries it)")]
PersonHash = Annotated[str | None, Field(
    description="HMAC-SHA256 (hex) of the suspect's ID number under case-transfer's key; "
    "never the name or number itself", examples=["3f7a…e1"])]


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
    benchmark: str | None = Field(
        default=None, description="code of the discretion benchmark (裁量基准) the decision "
        "applied, with its version (CT-5)", examples=["SP-124-1@2026.1"])
    version: CaseVersion = None


CaseKind = Literal["case", "clue"]


@event("case.opened.v1", producer=PRODUCER, key="case_id",
       summary="A case (立案) or a clue (线索) was opened by a department (CT-1)")
class CaseOpened(BaseModel):
    """立案 / 线索登记: who opened what about whom (an entity, or a person by hash)."""

    case_id: CaseId
    kind: CaseKind = Field(description="case (案件) or clue (线索)", examples=["clue"])
    department: str = Field(description="the department that holds it", examples=["SCJG"])
    uscc: USCC | None = Field(default=None, description="the entity, when it is about one")
    person_hash: PersonHash = None
    source: Literal["manual", "complaint", "inspection"] = Field(
        description="how it came in: entered by the department, or from a substantiated "
        "complaint or an inspection violation", examples=["complaint"])
    source_ref: str | None = Field(default=None, description="the complaint or inspection "
                                   "result it came from", examples=["R-2026-004512"])
    suspected_crime: bool = Field(description="found to be possibly a crime (for 行刑衔接)",
                                  examples=[False])
    opened_on: date = Field(description="day it was opened (China time)")
    version: CaseVersion = None


@event("case.transferred.v1", producer=PRODUCER, key="case_id",
       summary="A case or clue was transferred to another department or region (CT-1)")
class CaseTransferred(BaseModel):
    """移送: the receiver accepts or returns it by ``due_on``."""

    transfer_id: str = Field(description="the transfer's id")
    case_id: CaseId
    from_department: str = Field(examples=["SCJG"])
    to_department: str = Field(examples=["WSJK"])
    cross_region: bool = Field(description="the receiver is in another region (跨区域)")
    transferred_on: date
    due_on: date = Field(description="last working day for the receiver to accept or "
                         "return it")
    version: CaseVersion = None


@event("case.accepted.v1", producer=PRODUCER, key="case_id",
       summary="A receiving department accepted a transferred case or clue (情况通报)")
class CaseAccepted(BaseModel):
    """接收: the receiver handles it from now on."""

    transfer_id: str
    case_id: CaseId
    department: str = Field(description="the receiver, now handling it", examples=["WSJK"])
    from_department: str = Field(examples=["SCJG"])
    accepted_on: date
    late: bool = Field(description="accepted after its deadline")
    version: CaseVersion = None


@event("case.returned.v1", producer=PRODUCER, key="case_id",
       summary="A receiving department returned a transferred case or clue (退回)")
class CaseReturned(BaseModel):
    """退回: the sender handles it again; the reason is read through the API."""

    transfer_id: str
    case_id: CaseId
    department: str = Field(description="the receiver that returned it", examples=["WSJK"])
    to_department: str = Field(description="the sender, handling it again",
                               examples=["SCJG"])
    returned_on: date
    late: bool = Field(description="returned after its deadline")
    version: CaseVersion = None


DocumentKind = Literal["transfer_letter", "investigation_report", "seized_items_list",
                       "inspection_conclusion"]


@event("case.police.transferred.v1", producer=PRODUCER, key="case_id",
       summary="行刑衔接: an approved case was delivered to the police with its documents")
class PoliceTransferred(BaseModel):
    """移送公安机关: the police decide by ``due_on``; JCY sees the case from here on too."""

    case_id: CaseId
    criminal_transfer_id: str
    department: str = Field(description="the administrative agency", examples=["SCJG"])
    police_department: str = Field(examples=["GA"])
    uscc: USCC | None = None
    person_hash: PersonHash = None
    delivered_at: datetime
    within_24_hours: bool = Field(description="delivered within 24 hours of the approval")
    documents: list[DocumentKind] = Field(description="the kinds of documents delivered")
    due_on: date = Field(description="last working day for the police's decision")
    version: CaseVersion = None


PoliceDecisionKind = Literal["filed", "not_filed", "upheld", "reversed"]


@event("case.police.decided.v1", producer=PRODUCER, key="case_id",
       summary="行刑衔接: the police filed the case, declined, or answered a reconsideration")
class PoliceDecided(BaseModel):
    """公安机关决定: 立案 (filed) or 不予立案 (not_filed); on reconsideration, upheld (维持)
    or reversed (撤销原决定, 立案)."""

    case_id: CaseId
    criminal_transfer_id: str
    department: str = Field(description="the administrative agency", examples=["SCJG"])
    police_department: str = Field(examples=["GA"])
    decision: PoliceDecisionKind
    decided_on: date
    late: bool = Field(description="decided after its deadline")
    reconsideration_due_on: date | None = Field(
        default=None, description="after not_filed: the last working day the agency may "
        "ask reconsideration (复议)")
    version: CaseVersion = None


DeadlineKind = Literal["transfer_acceptance", "head_decision", "police_delivery",
                       "police_decision", "reconsideration_answer", "legal_review",
                       "assistance", "joint_response", "supervision"]


@event("case.overdue.v1", producer=PRODUCER, key="case_id",
       summary="A deadline of a case passed unmet: escalated once to the supervisor (督办)")
class CaseOverdue(BaseModel):
    """逾期督办: one event per passed deadline, to the supervising department."""

    deadline_id: str
    case_id: CaseId
    deadline: DeadlineKind
    department: str = Field(description="the department that had to act", examples=["WSJK"])
    supervisor: str = Field(description="the supervising department it escalates to",
                            examples=["SF"])
    due_at: datetime = Field(description="the moment it became overdue")
    detected_at: datetime


@event("case.supervised.v1", producer=PRODUCER, key="case_id",
       summary="A supervisor issued a 督办 instruction (or JCY its 立案监督) on a case")
class CaseSupervised(BaseModel):
    """督办 / 立案监督: an instruction with its own deadline; its text stays in the service."""

    supervision_id: str
    case_id: CaseId
    supervisor: str = Field(examples=["JCY"])
    target_department: str = Field(examples=["GA"])
    kind: Literal["duban", "filing_supervision"] = Field(
        description="duban (督办) or filing_supervision (检察机关立案监督)")
    issued_on: date
    due_on: date
