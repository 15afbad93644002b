"""Events of credit repair and objections (信用修复与异议, CR-9), and their overdue
announcements."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts.credit import PRODUCER, RecordStatus, Severity
from shared.contracts.registry import event
from shared.uscc import USCC


@event("credit.record.repaired.v1", producer=PRODUCER, key="uscc",
       summary="A credit record was repaired (信用修复): its publicity ends, take it down")
class RecordRepaired(BaseModel):
    """信用修复 approved by the finding department (谁认定谁修复, CR-9): publicity, sharing
    and sanctions of the record end together."""

    record_id: str = Field(description="the repaired record")
    uscc: USCC
    department: str = Field(description="the finding department that approved the repair",
                            examples=["SCJG"])
    repair_id: str = Field(description="the repair application")
    repaired_on: date = Field(description="day of approval; publicity ends on it",
                              examples=["2026-11-20"])


@event("credit.repair.applied.v1", producer=PRODUCER, key="uscc",
       summary="An entity applied to repair a credit record (信用修复): the finding "
       "department has to decide by the due day")
class RepairApplied(BaseModel):
    """信用修复 applied for (CR-9), addressed to the finding department (谁认定谁修复); the
    obligations text stays in credit-rating, the public commitment leaves as
    ``credit.commitment.registered.v1``."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record to be repaired")
    uscc: USCC
    department: str = Field(description="the finding department, which has to decide",
                            examples=["SCJG"])
    commitment_id: str = Field(description="the 信用修复型 commitment filed with it")
    applied_on: date = Field(description="day of the application", examples=["2026-11-02"])
    due_on: date = Field(description="last day of the decision (working days)",
                         examples=["2026-11-20"])


@event("credit.repair.rejected.v1", producer=PRODUCER, key="uscc",
       summary="A credit repair was rejected: the record stays as it was")
class RepairRejected(BaseModel):
    """信用修复 rejected by the finding department, with its reason, so the entity can act
    and apply again."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record that stays unrepaired")
    uscc: USCC
    department: str = Field(description="the finding department that rejected it",
                            examples=["SCJG"])
    rejected_on: date = Field(description="day of the decision", examples=["2026-11-18"])
    reason: str = Field(description="why, as the department gave it", examples=["罚款尚未缴清"])


ObjectionOutcome = Literal["corrected", "removed", "upheld"]


@event("credit.objection.filed.v1", producer=PRODUCER, key="uscc",
       summary="An entity objected to a credit record (异议申诉): it is under objection")
class ObjectionFiled(BaseModel):
    """异议申诉 filed (CR-9); the record shows 异议处理中 until the department decides."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="department that decides (made the record)",
                            examples=["SCJG"])
    filed_on: date = Field(description="day the objection was filed", examples=["2026-11-20"])
    due_on: date = Field(description="last day of the decision (working days)",
                         examples=["2026-12-11"])


@event("credit.objection.decided.v1", producer=PRODUCER, key="uscc",
       summary="An objection was decided: the record was corrected, removed or upheld")
class ObjectionDecided(BaseModel):
    """The department's decision on an objection, with the record as it now stands."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="the deciding department", examples=["SCJG"])
    outcome: ObjectionOutcome = Field(description="corrected, removed or upheld",
                                      examples=["corrected"])
    decided_on: date = Field(description="day of the decision", examples=["2026-11-25"])
    record_status: RecordStatus = Field(description="the record's status now",
                                        examples=["active"])
    severity: Severity | None = Field(description="the record's severity now",
                                      examples=["minor"])
    published: bool = Field(description="whether the record is publicised now")
    publicity_end: date | None = Field(description="last day of publicity now")


@event("credit.objection.overdue.v1", producer=PRODUCER, key="uscc",
       summary="An objection was not decided within its deadline (once per objection)")
class ObjectionOverdue(BaseModel):
    """异议申诉 past its decision deadline: a 督办 signal to the deciding department."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="the department that has to decide",
                            examples=["SCJG"])
    filed_on: date = Field(description="day the objection was filed", examples=["2026-11-02"])
    due_on: date = Field(description="the deadline that passed", examples=["2026-11-20"])


@event("credit.repair.overdue.v1", producer=PRODUCER, key="uscc",
       summary="A credit repair was not decided within its deadline (once per application)")
class RepairOverdue(BaseModel):
    """信用修复 past its decision deadline: a 督办 signal to the finding department."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record to be repaired")
    uscc: USCC
    department: str = Field(description="the finding department, which has to decide",
                            examples=["SCJG"])
    applied_on: date = Field(description="day of the application", examples=["2026-11-02"])
    due_on: date = Field(description="the deadline that passed", examples=["2026-11-20"])
