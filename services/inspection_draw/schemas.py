"""Request and response bodies of inspection-draw's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9\-]*$")]
GradeFilter = Literal["A", "B", "C", "D", "ungraded"]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MatterIn(_In):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    department: Code
    category: Annotated[str, Field(min_length=1, max_length=64)]
    legal_basis: Annotated[str, Field(min_length=1, max_length=300)]
    key_area: bool


class MatterOut(MatterIn):
    code: str
    source: Literal["reference", "api"]


class InspectorIn(_In):
    inspector_id: Annotated[str, Field(min_length=1, max_length=40)]
    department: Code
    certificate: Annotated[str | None, Field(max_length=40,
                                             description="执法证号; null without one")]
    matters: list[Code]
    region: Annotated[str, Field(min_length=6, max_length=12)]
    active: bool = True


class InspectorOut(InspectorIn):
    model_config = ConfigDict(from_attributes=True)


class ConflictIn(_In):
    uscc: Annotated[str, Field(min_length=18, max_length=18)]
    reason: Annotated[str, Field(min_length=1, max_length=300)]


class PlanIn(_In):
    year: Annotated[int, Field(ge=2000, le=2100)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    joint_with: list[Code] = Field(default_factory=list,
                                   description="other departments of a joint plan (IN-4)")


class Population(_In):
    regions: list[str] = Field(default_factory=list, description="行政区划代码, exact")
    industries: list[str] = Field(default_factory=list, description="行业代码 prefixes")
    grades: list[GradeFilter] = Field(default_factory=list)


class TaskIn(_In):
    matters: list[Code]
    population: Population = Field(default_factory=Population)
    ratio: Annotated[str | None, Field(pattern=r"^0?\.\d+$|^1(\.0+)?$",
                                       description="sample ratio, exact decimal")] = None
    size: Annotated[int | None, Field(ge=1)] = None
    window_start: date
    window_end: date


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    plan_id: str
    matters: list[dict[str, str]]
    key_area: bool
    population: dict[str, list[str]]
    ratio: str | None
    size: int | None
    window_start: date
    window_end: date
    results_due: date
    status: str
    current_draw_id: str | None


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    department: str
    departments: list[str]
    year: int
    title: str
    status: str
    filed_with: str | None
    filed_by: str | None
    filed_at: datetime | None
    published_at: datetime | None
    tasks: list[TaskOut] = Field(default_factory=list)


class BeaconIn(_In):
    source: Annotated[str, Field(min_length=1, max_length=100, examples=["drand:quicknet"])]
    round: Annotated[int, Field(ge=0)]


class CommitIn(_In):
    beacon: BeaconIn | None = None
    reason: Annotated[str | None, Field(max_length=500, description="required for a redraw")] \
        = None


class CommitmentOut(BaseModel):
    commitment_id: str
    task_id: str
    commitment_hash: str
    commitment: dict[str, object]
    objects: int


class DrawIn(_In):
    beacon_value: Annotated[str | None, Field(max_length=200)] = None
    reason: Annotated[str | None, Field(min_length=1, max_length=500)] = None


class VisitOut(BaseModel):
    visit_id: str
    uscc: str
    inspectors: list[str]
    status: str


class DrawOut(BaseModel):
    draw_id: str
    task_id: str
    commitment_hash: str
    nonce: str
    selected: int
    strata: list[dict[str, object]]
    excluded: int
    replaces: str | None
    proof: str


class VerificationOut(BaseModel):
    identical: bool
    first_difference: str | None


class ResultIn(_In):
    matter: Code
    category: Literal["no_problem_found", "undisclosed_information", "false_disclosure",
                      "unreachable_at_address", "corrected_on_order", "obstructed_inspection",
                      "no_relevant_activity", "pending_follow_up"]
    severity: Literal["minor", "general", "serious"] | None = None
    findings: Annotated[str, Field(max_length=4000)] = ""
    evidence_hashes: list[Sha256] = Field(default_factory=list)
    commitment_false: bool = Field(default=False,
                                   description="a 信用承诺 of the object was found untrue")
    commitment_id: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="which commitment (its id at credit-rating), when known; "
        "only with commitment_false")

    @model_validator(mode="after")
    def _commitment_named_only_when_false(self) -> ResultIn:
        if self.commitment_id is not None and not self.commitment_false:
            raise ValueError("commitment_id names the commitment found untrue: send it with "
                             "commitment_false: true, or leave it out")
        return self


class ResultOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    visit_id: str
    matter: str
    department: str
    category: str
    severity: str | None
    recorded_on: date
    late: bool


class OverdueOut(BaseModel):
    task_id: str
    plan_id: str
    results_due: date
    expected_results: int
    recorded_results: int


class InspectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    year: int
    visit_id: str
    draw_id: str


class ObjectOut(BaseModel):
    """An object of the 检查对象名录库 as the draw sees it."""

    model_config = ConfigDict(from_attributes=True)

    uscc: str
    region: str
    industry: str
    grade: str | None
    no_penalty_3y: bool
    blacklisted: bool
    risk: str | None
    registered: bool
    inspections: list[InspectionOut] = Field(default_factory=list)
