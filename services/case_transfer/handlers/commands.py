"""What a caller asks case-transfer's use cases to do (指令): bounded models the HTTP edge
takes as request bodies and the handlers take as commands. Opening, transfers and
行刑衔接 here; decisions, cooperation and 督办 in ``decision_commands``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from services.case_transfer.domain.persons import id_number_problem
from services.case_transfer.handlers.inputs import (
    DepartmentCode,
    Documents,
    Officers,
    Prose,
    Reason,
    Title,
    ViolationCode,
    line,
)
from shared.contracts.credit import Severity
from shared.fields import Flag
from shared.uscc import USCC


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _resident_id(number: str) -> str:
    problem = id_number_problem(number)
    if problem is not None:
        raise ValueError(problem)
    return number.upper()


class PersonInput(Command):
    """当事人 (a natural person). Stored only as a keyed hash of the ID number and a
    masked name; never sent in an event."""

    name: Annotated[str, *line(50, examples=["张三"])]
    id_number: Annotated[str, Field(pattern=r"^[0-9]{17}[0-9Xx]$",
                                    description="居民身份证号码 (18 characters, GB 11643)",
                                    examples=["370202199001011234"]),
                         AfterValidator(_resident_id)]


class NewCase(Command):
    """立案 of a case, or a clue (线索) to be verified first; about an entity (USCC) or a
    person, never both."""

    kind: Literal["case", "clue"] = Field(default="case", description="case (立案) or clue")
    uscc: USCC | None = None
    person: PersonInput | None = None
    title: Title
    facts: Prose
    violation_code: ViolationCode | None = Field(default=None, description="the violation's "
                                                 "benchmark code, when known")
    severity: Severity | None = None
    suspected_crime: Flag = Field(default=False, description="possibly a crime (行刑衔接)")
    investigators: Officers | None = Field(default=None, description="执法人员 on a case "
                                           "(at least two); a clue may have none yet")
    documents: Documents = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_party(self) -> NewCase:
        if (self.uscc is None) == (self.person is None):
            raise ValueError("name the party: either uscc (an entity) or person, not both")
        return self


class Registration(Command):
    """立案 of a clue: the officers who will investigate it."""

    investigators: Officers
    note: Prose | None = None


class Reasoned(Command):
    reason: Reason


class Evidence(Command):
    """调查取证: what was collected, by which officers on the case, with the documents."""

    description: Prose
    officers: Officers
    documents: Documents = Field(default_factory=list)


class TransferOrder(Command):
    """移送 to another department or region, with the reasons and attachments."""

    to_department: DepartmentCode
    reasons: Reason
    attachments: Documents = Field(default_factory=list)


class Acceptance(Command):
    """接收: for a case, the receiver's officers who take it on (at least two)."""

    investigators: Officers | None = None
    note: Prose | None = None


class CriminalProposal(Command):
    """提请移送: the officers report a suspected crime to the head of the agency."""

    grounds: Prose = Field(description="涉嫌犯罪的事实与罪名")
    officers: Officers
    police_department: DepartmentCode | None = Field(
        default=None, description="the police department (default: the first of the rules)")


class HeadDecision(Command):
    """负责人决定: approve the transfer, or not (with the reason)."""

    approve: Flag
    reason: Reason | None = None

    @model_validator(mode="after")
    def _reason_if_refused(self) -> HeadDecision:
        if not self.approve and self.reason is None:
            raise ValueError("a decision not to transfer needs its reason")
        return self


class Delivery(Command):
    """移送公安: the documents delivered (移送书, 调查报告, 涉案物品清单, 检验/鉴定结论)."""

    documents: Documents


class PoliceDecision(Command):
    """公安机关决定: filed (立案), or not, with the reasons (不予立案通知书)."""

    filed: Flag
    reason: Reason | None = None

    @model_validator(mode="after")
    def _reason_if_not_filed(self) -> PoliceDecision:
        if not self.filed and self.reason is None:
            raise ValueError("a decision not to file needs its reasons")
        return self


class ReconsiderationAnswer(Command):
    """复议决定: reverse (立案) or uphold the decision not to file."""

    reverse: Flag
    reason: Reason
