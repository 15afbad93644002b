"""Commands of decisions, legal review, cooperation and 督办 (bounded request bodies)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from services.case_transfer.domain.discretion import Proposal
from services.case_transfer.domain.sanctions import Circumstance, Measure, Outcome
from services.case_transfer.handlers.commands import Command
from services.case_transfer.handlers.inputs import (
    Badge,
    DepartmentCode,
    Documents,
    Prose,
    Reason,
    ViolationCode,
    Yuan,
    line,
)
from shared.fields import Day, Flag, count


class DecisionDraft(Command):
    """A decision (决定) as proposed for legal review and as signed: the outcome, the
    violation whose benchmark applies, the circumstance and the measures."""

    outcome: Outcome = Field(description="penalty, no_penalty (不予处罚) or dismissed (撤销)")
    violation_code: ViolationCode | None = None
    circumstance: Circumstance | None = Field(default=None, description="lenient (从轻), "
                                              "ordinary (一般) or aggravated (从重)")
    measures: list[Measure] = Field(default_factory=list, max_length=11)
    fine_yuan: Yuan | None = None
    goods_value_yuan: Yuan | None = Field(default=None, description="货值金额, for a fine "
                                          "the benchmark sets as a multiple of it")
    legal_basis: Annotated[str, *line(500, examples=["《中华人民共和国食品安全法》第一百二十四条"])]
    reason: Prose | None = None

    @field_validator("measures")
    @classmethod
    def _distinct(cls, measures: list[Measure]) -> list[Measure]:
        if len(set(measures)) != len(measures):
            raise ValueError("a measure is listed twice")
        return measures

    def proposal(self) -> Proposal:
        return Proposal(self.outcome, self.violation_code, self.circumstance,
                        tuple(self.measures), self.fine_yuan, self.goods_value_yuan)

    def reviewed_form(self) -> dict:
        """What a review is compared on: everything but the free-text reason."""
        return self.model_dump(mode="json", exclude={"reason"})


class ReviewOpinion(Command):
    """法制审核意见 of a reviewer (by 执法证号/工号): passed, or returned with reasons."""

    reviewer: Badge
    passed: Flag
    opinion: Reason


class StepNote(Command):
    """送达 / 执行 / 结案: a note and the documents (送达回证, 执行凭证 …)."""

    note: Prose | None = None
    documents: Documents = Field(default_factory=list)


class JointInvitation(Command):
    """联合执法: the departments invited to act on the case with its lead department."""

    departments: Annotated[list[DepartmentCode], Field(min_length=1, max_length=10)]
    purpose: Prose
    planned_on: Day | None = None


class JointAnswer(Command):
    join: Flag
    note: Prose | None = None


class AssistanceAsk(Command):
    """协查请求 to another department or region, answered within the working days."""

    to_department: DepartmentCode
    request: Prose
    working_days: Annotated[int, count(ge=1, le=250)] | None = Field(
        default=None, description="answer within this many working days (default and "
        "maximum from the rules)")
    documents: Documents = Field(default_factory=list)


class AssistanceAnswer(Command):
    answer: Prose
    declined: Flag = False
    documents: Documents = Field(default_factory=list)


class SupervisionOrder(Command):
    """督办 instruction (or JCY's 立案监督) with its own deadline."""

    kind: Literal["duban", "filing_supervision"] = "duban"
    target_department: DepartmentCode | None = Field(
        default=None, description="who must act (default: the department handling the "
        "case; for filing_supervision the police the case reached)")
    instruction: Prose
    working_days: Annotated[int, count(ge=1, le=250)] | None = None


class SupervisionAnswer(Command):
    answer: Prose
