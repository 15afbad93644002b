"""Events inspection-draw (双随机抽查) produces, as integrators and credit-rating read them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from shared.contracts.credit import Severity
from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "inspection-draw"


class ResultCategory(StrEnum):
    """SAMR 抽查检查结果 categories (the Chinese wording is :attr:`chinese`)."""

    NO_PROBLEM_FOUND = "no_problem_found"
    UNDISCLOSED_INFORMATION = "undisclosed_information"
    FALSE_DISCLOSURE = "false_disclosure"
    UNREACHABLE_AT_ADDRESS = "unreachable_at_address"
    CORRECTED_ON_ORDER = "corrected_on_order"
    OBSTRUCTED_INSPECTION = "obstructed_inspection"
    NO_RELEVANT_ACTIVITY = "no_relevant_activity"
    PENDING_FOLLOW_UP = "pending_follow_up"

    @property
    def chinese(self) -> str:
        return _CHINESE[self]

    @property
    def finds_problem(self) -> bool:
        """False for 未发现问题 and 未发现开展本次抽查涉及的经营活动."""
        return self not in (ResultCategory.NO_PROBLEM_FOUND,
                            ResultCategory.NO_RELEVANT_ACTIVITY)


_CHINESE = {
    ResultCategory.NO_PROBLEM_FOUND: "未发现问题",
    ResultCategory.UNDISCLOSED_INFORMATION: "未按规定公示应当公示的信息",
    ResultCategory.FALSE_DISCLOSURE: "公示信息隐瞒真实情况弄虚作假",
    ResultCategory.UNREACHABLE_AT_ADDRESS: "通过登记的住所(经营场所)无法联系",
    ResultCategory.CORRECTED_ON_ORDER: "发现问题已责令改正",
    ResultCategory.OBSTRUCTED_INSPECTION: "不配合检查情节严重",
    ResultCategory.NO_RELEVANT_ACTIVITY: "未发现开展本次抽查涉及的经营活动",
    ResultCategory.PENDING_FOLLOW_UP: "发现问题待后续处理",
}


@event("inspection.result.recorded.v1", producer=PRODUCER, key="uscc",
       summary="The result of one matter of an inspection visit (IN-7)")
class InspectionResultRecorded(BaseModel):
    """抽查检查结果 of one matter on one visit; a problem carries its severity."""

    result_id: str = Field(description="the result's id", examples=["R-2026-004512"])
    visit_id: str = Field(description="the visit (进一次门) it belongs to",
                          examples=["V-2026-001201"])
    uscc: USCC
    matter: str = Field(description="code of the 抽查事项", examples=["SCJG-001"])
    department: str = Field(description="code of the inspecting department",
                            examples=["SCJG"])
    result_category: ResultCategory = Field(description="SAMR result category",
                                            examples=["corrected_on_order"])
    recorded_on: date = Field(description="date the result was recorded",
                              examples=["2026-11-19"])
    severity: Severity | None = Field(
        default=None, description="失信程度; null exactly when no problem was found",
        examples=["minor"])

    @model_validator(mode="after")
    def _severity_with_problem(self) -> InspectionResultRecorded:
        if self.result_category.finds_problem and self.severity is None:
            raise ValueError(f"result_category {self.result_category.value} finds a problem; "
                             "give its severity (minor, general or serious)")
        return self


@event("inspection.plan.published.v1", producer=PRODUCER, key="plan_id",
       summary="An annual inspection plan (抽查计划) filed with 司法局 was published (IN-8)")
class PlanPublished(BaseModel):
    """抽查计划 published; its tasks' matters and windows, no personal data."""

    plan_id: str = Field(description="the plan's id", examples=["P-2026-0001"])
    department: str = Field(description="owning department", examples=["SCJG"])
    departments: list[str] = Field(description="every department of a joint plan (IN-4)",
                                   examples=[["SCJG", "STHJ"]])
    year: int = Field(description="plan year", examples=[2026])
    title: str = Field(description="plan title", examples=["2026 年度双随机抽查计划"])
    filed_with: str = Field(description="department it was filed with (备案)", examples=["SF"])
    task_ids: list[str] = Field(description="its tasks", examples=[["T-2026-0001"]])


class StratumProbability(BaseModel):
    """One stratum of a draw: N, n and the exact probability n/N."""

    grade: str = Field(examples=["B"])
    risk: str = Field(description="risk level, empty for none", examples=["high"])
    no_penalty_3y: bool = Field(examples=[False])
    population: int = Field(examples=[1200])
    sample_size: int = Field(examples=[60])
    probability: str = Field(description="exact n/N", examples=["60/1200"])
    expected_size: str | None = Field(
        default=None, description="the exact expected size x before rounding (jianguan-draw/3 "
        "rounds it up or down at random, so n is x's floor or ceiling)", examples=["121/2"])
    inclusion_probability: str | None = Field(
        default=None, description="each object's exact probability of being drawn, x/N "
        "(above 0 for every stratum listed)", examples=["121/2400"])


@event("inspection.draw.committed.v1", producer=PRODUCER, key="task_id",
       summary="A draw was committed to, before it is made: the commitment and its hash")
class DrawCommitted(BaseModel):
    """抽查承诺 published before the draw: what it binds (roster, rules, inspector pool,
    parameters, nonce hash, beacon round), its hash, the strata with N and expected sizes;
    never the nonce, never the list."""

    commitment_id: str = Field(examples=["C-4f1d0c2a9e7b48d1a2c3"])
    task_id: str = Field(examples=["T-2026-0001"])
    plan_id: str = Field(examples=["P-2026-0001"])
    commitment_hash: str = Field(description="hex SHA-256 of the canonical commitment")
    commitment: dict[str, Any] = Field(description="the commitment document itself (see "
                                       "docs/draw-spec.md)")
    sequence: int = Field(description="1 for the task's first commitment; more is a redraw",
                          examples=[1])
    replaces_draw: str | None = Field(default=None, description="the draw a redraw replaces")
    reason: str | None = Field(default=None, description="why a redraw was approved")
    objects: int = Field(description="objects in the roster snapshot", examples=[1200])
    strata: list[StratumProbability] = Field(
        description="each eligible stratum's N and expected size (sample_size and probability "
        "are known only after the draw and are 0 and 0/N here)")
    window_start: date = Field(description="when the inspection window opens; the list is "
                               "public from then on", examples=["2026-03-01"])


@event("inspection.draw.completed.v1", producer=PRODUCER, key="task_id",
       summary="A committed draw of a task completed: the list and each stratum's probability")
class DrawCompleted(BaseModel):
    """双随机 draw done; anyone can fetch the proof and re-run it."""

    draw_id: str = Field(examples=["D-2026-0001"])
    task_id: str = Field(examples=["T-2026-0001"])
    plan_id: str = Field(examples=["P-2026-0001"])
    commitment_hash: str = Field(description="hex SHA-256 of the published commitment")
    selected: list[USCC] = Field(description="drawn objects, sorted; empty when there are "
                                 "more than fit in one message (see selected_complete)")
    selected_count: int = Field(description="how many objects were drawn", examples=[60])
    selected_complete: bool = Field(
        description="false when the list was left out for size: read it from the proof "
        "bundle or GET /v1/draws/{id}/visits", examples=[True])
    strata: list[StratumProbability]
    proof: str = Field(description="where the proof bundle is served",
                       examples=["/v1/draws/D-2026-0001/proof"])
    replaces: str | None = Field(default=None,
                                 description="the draw this redraw replaces, if any")
    window_start: date | None = Field(
        default=None, description="the day the task's inspection window opens: the list is "
        "held from the public until then (absent from producers before 2026-12)",
        examples=["2026-03-01"])
    sequence: int | None = Field(default=None, description="the commitment's sequence number "
                                 "in its task (more than 1: a redraw)", examples=[1])
    reason: str | None = Field(default=None, description="why a redraw was approved")


@event("inspection.violation.found.v1", producer=PRODUCER, key="uscc",
       summary="A visit found a problem on a matter (for case-transfer)")
class ViolationFound(BaseModel):
    """A problem found on an inspection visit, for 案件移送 to pick up."""

    result_id: str
    visit_id: str
    uscc: USCC
    matter: str
    department: str
    result_category: ResultCategory
    severity: Severity
    recorded_on: date


@event("inspection.commitment.false.v1", producer=PRODUCER, key="uscc",
       summary="A visit found a credit commitment (信用承诺) untrue (CR-4)")
class CommitmentFalse(BaseModel):
    """信用承诺 found untrue on a visit: the decision relying on it is to be revoked."""

    result_id: str
    visit_id: str
    uscc: USCC
    matter: str
    department: str
    recorded_on: date
    commitment_id: str | None = Field(
        default=None, description="the commitment found untrue (its id at credit-rating) "
        "when the inspector named it; else the newest one in force for the matter")
