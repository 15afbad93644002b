"""What a caller asks the draw's use cases to do (指令): bounded models the HTTP edge takes
as request bodies and the handlers take as commands.

Every field is bounded (nothing a caller sends becomes a 500): codes and identifiers by
pattern, texts by length and without control characters (PostgreSQL stores no NUL) or
lone surrogates (not text), integers and days by range (``shared.fields``); each bound is
in the OpenAPI schema too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.inspection import ResultCategory
from shared.fields import Day, Flag, count
from shared.uscc import USCC

Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9\-]*$",
                            examples=["SCJG-008"])]
"""A matter or department code: upper-case letters, digits and hyphens."""
InspectorId = Annotated[str, Field(min_length=1, max_length=40,
                                   pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$",
                                   examples=["SCJG-00017"])]
Region = Annotated[str, Field(pattern=r"^\d{6}$", description="行政区划代码, 6 digits",
                              examples=["370202"])]
IndustryPrefix = Annotated[str, Field(pattern=r"^[A-T](\d{1,4})?$",
                                      description="国民经济行业代码 (GB/T 4754) or a prefix",
                                      examples=["C1391"])]
GradeFilter = Literal["A", "B", "C", "D", "ungraded"]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Ratio = Annotated[str, Field(max_length=12, pattern=r"^0?\.\d+$|^1(\.0+)?$",
                             description="sample ratio, exact decimal", examples=["0.05"])]
PlanYear = Annotated[int, count(ge=2000, le=2099, description="the plan's calendar year")]
BEACON_ROUND_LIMIT = 2**53 - 1  # an integer every JSON reader keeps exactly


ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
"""No control character (C0, DEL, C1); a lone surrogate fails as not text."""
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
"""As ``ONE_LINE``, but tabs and line breaks are kept."""


def _text(max_length: int, description: str | None = None, *, min_length: int = 1,
          pattern: str = ONE_LINE) -> Any:
    return Field(min_length=min_length, max_length=max_length, pattern=pattern,
                 description=description)


Name = Annotated[str, _text(200)]
Category = Annotated[str, _text(64)]
LegalBasis = Annotated[str, _text(300)]
Certificate = Annotated[str, _text(40, "执法证号")]
ConflictReason = Annotated[str, _text(300)]
Reason = Annotated[str, _text(500, "why the task is drawn again")]
BeaconSource = Annotated[str, Field(pattern=r"^drand:[a-z0-9\-]{1,40}$",
                                    description="a chain of beacons.yaml",
                                    examples=["drand:quicknet"])]
BeaconValue = Annotated[str, Field(pattern=r"^[0-9a-f]{96}$",
                                   description="the committed round's BLS signature, as the "
                                   "drand relays publish it (96 hex digits)")]
Findings = Annotated[str, _text(4000, min_length=0, pattern=LINES)]
ForeignId = Annotated[str, _text(64)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class MatterChange(Command):
    """Add a matter to the list (随机抽查事项清单) or change one of your department's."""

    name: Name
    department: Code | None = Field(
        default=None, description="the owning department: yours (the default); a matter is "
        "never moved to another department")
    category: Category
    legal_basis: LegalBasis
    key_area: Flag


class InspectorRegistration(Command):
    """Register an inspector of your department (执法检查人员), or change one."""

    inspector_id: InspectorId
    department: Code | None = Field(default=None, description="yours (the default)")
    certificate: Certificate | None = Field(description="执法证号; null without one")
    matters: Annotated[list[Code], Field(max_length=200)]
    region: Region
    active: Flag = True


class ConflictDeclaration(Command):
    """An inspector must not inspect ``uscc`` (利害关系, 回避)."""

    uscc: USCC
    reason: ConflictReason


class NewPlan(Command):
    year: PlanYear
    title: Name
    joint_with: Annotated[list[Code], Field(max_length=20)] = Field(
        default_factory=list, description="other departments of a joint plan (IN-4)")


class Population(Command):
    regions: Annotated[list[Region], Field(max_length=1000)] = Field(
        default_factory=list, description="行政区划代码, exact")
    industries: Annotated[list[IndustryPrefix], Field(max_length=200)] = Field(
        default_factory=list, description="行业代码 prefixes")
    grades: Annotated[list[GradeFilter], Field(max_length=5)] = Field(default_factory=list)


class NewTask(Command):
    matters: Annotated[list[Code], Field(min_length=1, max_length=50)]
    population: Population = Field(default_factory=Population)
    ratio: Ratio | None = None
    size: Annotated[int, count(ge=1, description="total sample size")] | None = None
    window_start: Day
    window_end: Day


class Beacon(Command):
    source: BeaconSource
    round: Annotated[int, Field(ge=0, le=BEACON_ROUND_LIMIT, strict=True)]


class CommitmentRequest(Command):
    """Commit ahead of the draw, naming a drand round published after now."""

    beacon: Beacon | None = None


class DrawRequest(Command):
    beacon_value: BeaconValue | None = None


class RedrawAsk(Command):
    """Ask to draw a task again (重新抽取): the reason a reviewer will approve or refuse."""

    reason: Reason


class ResultEntry(Command):
    """The result of one matter on one visit (抽查检查结果)."""

    matter: Code
    category: ResultCategory
    severity: Literal["minor", "general", "serious"] | None = None
    findings: Findings = ""
    evidence_hashes: Annotated[list[Sha256], Field(max_length=100)] = Field(
        default_factory=list)
    commitment_false: Flag = Field(default=False,
                                   description="a 信用承诺 of the object was found untrue")
    commitment_id: ForeignId | None = Field(
        default=None, description="which commitment (its id at credit-rating), when known; "
        "only with commitment_false")

    @model_validator(mode="after")
    def _commitment_named_only_when_false(self) -> ResultEntry:
        if self.commitment_id is not None and not self.commitment_false:
            raise ValueError("commitment_id names the commitment found untrue: send it with "
                             "commitment_false: true, or leave it out")
        return self
