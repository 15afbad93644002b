"""Response bodies of inspection-draw's HTTP API (request bodies are the handlers'
commands, ``handlers.commands``)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class MatterOut(BaseModel):
    code: str
    name: str
    department: str
    category: str
    legal_basis: str
    key_area: bool
    source: str = Field(description="reference (the catalogue) or api (changed here)")


class InspectorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    inspector_id: str
    department: str
    certificate: str | None
    matters: list[str]
    region: str
    active: bool


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


class StratumOut(BaseModel):
    grade: str
    risk: str
    no_penalty_3y: bool
    population: int
    sample_size: int
    probability: str = Field(description="sample_size/population: what the draw realised",
                             examples=["3/60"])
    expected_size: str = Field(description="exact expected size x before rounding",
                               examples=["5/2"])
    inclusion_probability: str = Field(description="each object's exact probability x/N, "
                                       "above 0", examples=["1/24"])


class CommitmentOut(BaseModel):
    """A commitment as everyone may read it before the draw (never the nonce)."""

    commitment_id: str
    task_id: str
    commitment_hash: str
    commitment: dict[str, object]
    objects: int
    sequence: int = Field(description="1: the task's first commitment; more: a redraw")
    status: str = Field(description="open, revealed (drawn) or replaced")
    committed_at: datetime
    window_start: date = Field(description="the list is public from this day")
    strata: list[StratumOut] = Field(description="N and expected size per stratum; "
                                     "sample_size is known after the draw (0 here)")


class RedrawOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    task_id: str
    reason: str
    status: str = Field(description="requested, approved, refused or used")
    requested_by: str
    requested_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    commitment_id: str | None


class CommitmentEntry(BaseModel):
    commitment_id: str
    sequence: int
    commitment_hash: str
    status: str
    committed_at: datetime
    reason: str | None


class DrawEntry(BaseModel):
    draw_id: str
    sequence: int
    commitment_id: str
    commitment_hash: str
    replaces: str | None
    reason: str | None
    approved_by: str | None
    drawn_at: datetime
    superseded_by: str | None
    strata: list[StratumOut]
    selected_count: int
    selected: list[str] | None = Field(description="null until the inspection window opens")
    proof: str | None = Field(description="null until the inspection window opens")


class RedrawEntry(BaseModel):
    redraw_id: str
    reason: str
    status: str
    requested_by: str
    reviewed_by: str | None


class TaskDrawsOut(BaseModel):
    """Every commitment and draw ever made for a task (一公开), redraws included."""

    task_id: str
    window_start: date
    list_public: bool
    commitments: list[CommitmentEntry]
    draws: list[DrawEntry]
    redraw_requests: list[RedrawEntry]


class JointMatter(BaseModel):
    code: str
    department: str
    task_id: str


class VisitOut(BaseModel):
    """A visit as it is made (进一次门、查多项事): with the tasks it goes together with."""

    visit_id: str
    uscc: str
    inspectors: list[str] = Field(description="the whole team of the (joint) visit")
    status: str
    joint_visit: str | None = Field(description="the joint visit's id, or null when alone")
    matters: list[JointMatter] = Field(description="every matter checked on the visit")


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
