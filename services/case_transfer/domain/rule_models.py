"""The case rules (案件移送与执法规则) as typed models: what ``case_rules.yaml`` may say."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.case_transfer.domain.sanctions import Circumstance, Measure
from shared.contracts.credit import Severity

Text = Annotated[str, Field(min_length=1, max_length=500)]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]*$")]
WorkingDays = Annotated[int, Field(ge=1, le=250)]
Yuan = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"))]
DocumentKind = Literal["transfer_letter", "investigation_report", "seized_items_list",
                       "inspection_conclusion"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Versioned(_Model):
    """A section's own version, the day it takes effect and where it comes from."""

    version: Text
    effective_from: date
    source: Text


class Judicial(_Model):
    """司法机关: the police (公安) and procuratorate (检察院) departments."""

    police: tuple[Code, ...] = Field(min_length=1)
    procuratorate: tuple[Code, ...] = Field(min_length=1)


class InstructionDays(_Model):
    default: WorkingDays
    max: WorkingDays


class Supervision(_Model):
    """Who supervises (督办): 司法局 for administrative steps, JCY for 行刑衔接."""

    administrative: Code
    criminal_transfer: Code
    instruction_working_days: InstructionDays


class DeadlineRule(_Model):
    """One time limit: working days, or hours on the clock."""

    working_days: WorkingDays | None = None
    hours: Annotated[int, Field(ge=1, le=720)] | None = None
    max_working_days: WorkingDays | None = None
    basis: Text

    @model_validator(mode="after")
    def _one_unit(self) -> DeadlineRule:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days and hours")
        return self


class Deadlines(Versioned):
    """时限 of every step that has one (CT-2, CT-7)."""

    transfer_acceptance: DeadlineRule
    transfer_acceptance_cross_region: DeadlineRule
    head_decision: DeadlineRule
    police_delivery: DeadlineRule
    police_decision: DeadlineRule
    reconsideration_request: DeadlineRule
    reconsideration_answer: DeadlineRule
    legal_review: DeadlineRule
    assistance: DeadlineRule
    joint_response: DeadlineRule


class RequiredDocument(_Model):
    kind: DocumentKind
    name: Text


class CriminalTransferRule(Versioned):
    """行刑衔接: officers on the case, the documents, measures that survive a crime."""

    min_officers: Annotated[int, Field(ge=1, le=10)]
    documents: tuple[RequiredDocument, ...] = Field(min_length=1)
    measures_alongside_crime: tuple[Measure, ...]


class PartyYuan(_Model):
    entity: Yuan
    person: Yuan


class MajorDecisions(Versioned):
    """重大执法决定: a fine at or above the party's threshold, or one of the measures."""

    fine_yuan_at_least: PartyYuan
    measures: tuple[Measure, ...]


class Range(_Model):
    min: Yuan
    max: Yuan

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class CircumstanceRule(_Model):
    """What one circumstance allows: the measures and the fine's range."""

    measures: tuple[Measure, ...] = Field(min_length=1)
    fine_yuan: Range | None = None
    fine_times_value: Range | None = None

    @model_validator(mode="after")
    def _fine_range(self) -> CircumstanceRule:
        ranges = (self.fine_yuan is not None) + (self.fine_times_value is not None)
        if (Measure.FINE in self.measures) != (ranges == 1):
            raise ValueError("a circumstance allowing fine gives exactly one of fine_yuan "
                             "and fine_times_value; one without fine gives neither")
        return self


class Benchmark(Versioned):
    """裁量基准 of one violation code (CT-5)."""

    code: Code
    name: Text
    basis: Text
    severity: Severity
    exemption: Code | None = None
    circumstances: dict[Circumstance, CircumstanceRule]

    @model_validator(mode="after")
    def _all_circumstances(self) -> Benchmark:
        missing = [c.value for c in Circumstance if c not in self.circumstances]
        if missing:
            raise ValueError(f"circumstances must list lenient, ordinary and aggravated "
                             f"(missing: {', '.join(missing)})")
        return self

    @property
    def label(self) -> str:
        """``SP-124-1@2026.1``: the code and the version applied."""
        return f"{self.code}@{self.version}"


class CaseRuleFile(Versioned):
    """The whole of ``case_rules.yaml``."""

    judicial: Judicial
    supervision: Supervision
    deadlines: Deadlines
    criminal_transfer: CriminalTransferRule
    major_decisions: MajorDecisions
    benchmarks: tuple[Benchmark, ...]

    @model_validator(mode="after")
    def _consistent(self) -> CaseRuleFile:
        seen: set[tuple[str, date]] = set()
        for benchmark in self.benchmarks:
            key = (benchmark.code, benchmark.effective_from)
            if key in seen:
                raise ValueError(f"benchmark {benchmark.code} is listed twice with "
                                 f"effective_from {benchmark.effective_from}")
            seen.add(key)
        kinds = [document.kind for document in self.criminal_transfer.documents]
        if len(kinds) != len(set(kinds)):
            raise ValueError("criminal_transfer.documents lists a kind twice")
        days = self.supervision.instruction_working_days
        if days.default > days.max:
            raise ValueError("supervision.instruction_working_days: default is above max")
        return self

    def benchmark(self, code: str, on: date) -> Benchmark | None:
        """The benchmark of ``code`` in force on ``on`` (the latest that took effect)."""
        in_force = [b for b in self.benchmarks if b.code == code and b.effective_from <= on]
        return max(in_force, key=lambda b: b.effective_from, default=None)

    def is_police(self, department: str) -> bool:
        return department in self.judicial.police

    def is_procuratorate(self, department: str) -> bool:
        return department in self.judicial.procuratorate
