"""The commands credit-rating's use cases take (命令): what a caller asks for, validated.

The HTTP edge reuses them as request bodies, the bulk import validates each line with
``EntityRegistration``, the consumers build ``RecordEntry``. Days are bounded
(``shared.fields.Day``: 1949-10-01 … 2099-12-31, never an integer), flags are JSON
booleans, texts are bounded and free of control characters (``shared.fields.text``: a
NUL is what PostgreSQL cannot store). A rule that needs today ("not after today") is the
handler's, which has the clock.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from services.credit_rating.domain.commitments import CommitmentKind
from services.credit_rating.domain.objections import ObjectionOutcome
from services.credit_rating.domain.penalties import PenaltyKind, penalty_problem
from services.credit_rating.domain.persons import id_number_problem
from services.credit_rating.domain.records import RecordKind, Severity
from shared.fields import Day, Flag, text
from shared.uscc import USCC

GB4754_CODE = r"^[A-T]([0-9]{2,4})?$|^[0-9]{2,4}$"
REGISTRY_TEXTS = {"name": 200, "legal_representative": 100, "registered_address": 300}
"""The longest registry texts (characters); the import's quick check holds to them too."""
Department = Annotated[str, text(32, lines=False)]
OneLine = Annotated[str, text(300, lines=False)]
Yuan = Annotated[Decimal, Field(gt=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2),
                 WithJsonSchema({
                     "type": "string", "examples": ["20000"],
                     "pattern": r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,11}(\.[0-9]{1,2})?)$",
                     "description": "yuan, more than 0: up to 12 digits before the point and "
                                    "2 after (a JSON number is read too)"})]


class EntityRegistration(BaseModel):
    """A market entity (市场主体) as registered (CR-1); the upsert and each import line."""

    model_config = ConfigDict(str_strip_whitespace=True)

    uscc: USCC
    name: Annotated[str, text(REGISTRY_TEXTS["name"], lines=False)] = Field(description="登记名称",
                                                        examples=["青岛海岸食品有限公司"])
    legal_representative: Annotated[str, text(REGISTRY_TEXTS["legal_representative"],
                                              min_length=0, lines=False)] | None = Field(
        default=None, description="法定代表人 (never leaves in events)", examples=["张三"])
    registered_address: Annotated[str, text(REGISTRY_TEXTS["registered_address"],
                                            min_length=0, lines=False)] | None = Field(
        default=None, description="住所", examples=["青岛市黄岛区长江路 1 号"])
    region: str = Field(pattern=r"^[0-9]{6}$", description="6-digit 行政区划代码",
                        examples=["370211"])
    industry: str = Field(pattern=GB4754_CODE, description="GB/T 4754 行业代码",
                          examples=["C1391"])
    established_on: Day = Field(description="成立日期", examples=["2019-05-20"])
    new_economy: Flag = Field(default=False, description="新经济 entity (CR-8)")
    tolerance_until: Day | None = Field(default=None, description="end of its 包容期",
                                        examples=["2027-12-31"])

    @model_validator(mode="after")
    def _tolerance_needs_new_economy(self) -> EntityRegistration:
        if self.tolerance_until is not None and not self.new_economy:
            raise ValueError("tolerance_until (包容期) is only for new-economy entities; "
                             "set new_economy to true or leave tolerance_until empty")
        if self.tolerance_until is not None and self.tolerance_until < self.established_on:
            raise ValueError("tolerance_until lies before established_on")
        return self


class ResponsiblePersons(BaseModel):
    """负责人 (主要负责人, 直接责任人) of an entity: joint punishment extends to them (CR-5)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    persons: list[Annotated[str, text(100, min_length=2, lines=False)]] = Field(
        max_length=50, description="names or ID numbers; kept and announced only as keyed "
        "hashes (HMAC-SHA256), never in clear; an empty list removes them all",
        examples=[["李四", "370211198001011234"]])


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _id_number(value: str) -> str:
    problem = id_number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


IdNumber = Annotated[str, BeforeValidator(_upper), AfterValidator(_id_number), Field(
    pattern=r"^[1-9][0-9]{16}[0-9Xx]$", examples=["370211198001010014"],
    description="居民身份证号码 (GB 11643, with its check character); kept only as a "
                "keyed hash")]


class PersonIds(BaseModel):
    """The ID numbers of the people behind an entity (CR-5, issue 16.9): 逢办必查 finds the
    blacklisted entities they also stand behind, by ID number, never by name."""

    legal_representative: IdNumber | None = Field(
        default=None, description="the legal representative's ID number; null: unknown")
    responsible_persons: list[IdNumber] = Field(
        default_factory=list, max_length=50,
        description="ID numbers of the responsible persons (负责人, 直接责任人)")


class RecordEntry(BaseModel):
    """A credit record (信用记录) a department enters (CR-2); decided_on not after today."""

    kind: RecordKind = Field(description="what the record is about")
    severity: Severity | None = Field(default=None, description="失信程度 轻微/一般/严重; "
                                      "required for negative kinds, ignored for positive ones")
    department: Department = Field(description="your department code (the token's)",
                                   examples=["SCJG"])
    legal_basis: Annotated[str, text(300)] = Field(
        description="依据", examples=["《中华人民共和国食品安全法》第一百二十四条"])
    decided_on: Day = Field(description="date of the decision or finding, not after today")
    violation_code: Annotated[str, text(64, min_length=0, lines=False)] | None = Field(
        default=None, description="code of the violation (免罚清单 lookup)")
    penalty_kind: PenaltyKind | None = Field(
        default=None, description="an administrative penalty's kind (行政处罚法 art. 9), the "
        "heaviest of the decision; required with a fine")
    fine_yuan: Yuan | None = Field(default=None, description="the fine (罚款数额) in yuan")
    ban_until: Day | None = Field(
        default=None, description="last day of the ban the penalty imposes (暂扣许可证件, "
        "限制开展生产经营活动, 责令停产停业, 限制从业)", examples=["2031-11-19"])

    @model_validator(mode="after")
    def _negative_needs_severity(self) -> RecordEntry:
        if self.severity is None and not self.kind.positive:
            valid = ", ".join(s.value for s in Severity)
            raise ValueError(f"a {self.kind.value} record needs a severity: one of {valid}")
        problem = penalty_problem(self.kind, self.penalty_kind, self.fine_yuan,
                                  self.ban_until, self.decided_on)
        if problem is not None:
            raise ValueError(f"{problem[0]}: {problem[1]}")
        return self


class CommitmentEntry(BaseModel):
    """A commitment an entity made to your department (信用承诺)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    uscc: USCC
    kind: CommitmentKind = Field(description="审批替代型 approval_substitute, 主动公开型 "
                                 "public_disclosure, 行业自律型 industry_self_discipline, "
                                 "信用修复型 credit_repair")
    department: Department = Field(
        examples=["XZSP"], description="your department: the one the commitment is made to")
    matter: Annotated[str, text(64, min_length=0, lines=False)] | None = Field(
        default=None, examples=["XZSP-003"], description="matter of the approval it backs")
    decision_ref: Annotated[str, text(100, min_length=0, lines=False)] | None = Field(
        default=None, examples=["青审批〔2026〕118号"],
        description="reference of the decision it backs")
    content: Annotated[str, text(2000)] = Field(
        description="承诺内容 as signed",
        examples=["本单位承诺所提交材料真实有效, 如有不实愿承担相应责任"])
    made_on: Day = Field(description="day the commitment was signed")
    valid_until: Day | None = Field(default=None, description="end of the commitment, if any")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> CommitmentEntry:
        if self.valid_until is not None and self.valid_until < self.made_on:
            raise ValueError("valid_until lies before made_on; give the commitment's last day")
        return self


class BreachEntry(BaseModel):
    """承诺不实: the commitment was found false (a record decided that day)."""

    found_on: Day = Field(description="day of the finding, not after today")
    finding: Annotated[str, text(200)] = Field(
        description="what was found and where (visit, document)",
        examples=["现场核查: 经营场所与承诺不符"])
    severity: Severity | None = Field(default=None, description="失信程度 of the record; "
                                      "default from the rules (commitments.breach_severity)")


class KeptEntry(BaseModel):
    """守诺: the commitment was fulfilled (a positive record decided that day, CR-4)."""

    kept_on: Day = Field(description="day fulfilment was confirmed, not after today")
    note: Annotated[str, text(200, min_length=0)] | None = None


class RepairRequest(BaseModel):
    """An entity asks for one of its records to be repaired."""

    model_config = ConfigDict(str_strip_whitespace=True)

    record_id: Annotated[str, text(36, lines=False)]
    obligations_fulfilled: Flag = Field(description="法定责任和义务已履行 (fine paid, "
                                        "correction made)")
    obligations: Annotated[str, text(300)] = Field(
        examples=["罚款已缴清, 已整改"], description="how the obligations were fulfilled")
    public_commitment: Annotated[str, text(2000, min_length=10)] = Field(
        description="信用修复承诺 to be published; registered as a credit_repair commitment",
        examples=["本单位承诺今后严格遵守法律法规, 诚信经营"])


class RepairDecision(BaseModel):
    """The finding department's decision on a repair application."""

    approve: Flag
    note: Annotated[str, text(300, min_length=0)] | None = Field(
        default=None, description="reason; required to reject")

    @model_validator(mode="after")
    def _rejection_says_why(self) -> RepairDecision:
        if not self.approve and not (self.note and self.note.strip()):
            raise ValueError("a rejection needs a note saying why, so the entity can act")
        return self


class ObjectionRequest(BaseModel):
    """An entity disputes a record (异议申诉)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    record_id: Annotated[str, text(36, lines=False)]
    reason: Annotated[str, text(2000, min_length=5)] = Field(
        description="what is wrong with it", examples=["处罚决定已被行政复议撤销"])


class ObjectionDecision(BaseModel):
    """The record's department corrects, removes or upholds the disputed record."""

    outcome: ObjectionOutcome
    note: Annotated[str, text(300)] = Field(description="reason of the decision")
    severity: Severity | None = Field(default=None, description="corrected severity")
    legal_basis: Annotated[str, text(300)] | None = Field(
        default=None, description="corrected legal basis")

    @model_validator(mode="after")
    def _correction_says_what(self) -> ObjectionDecision:
        correcting = self.severity is not None or self.legal_basis is not None
        if self.outcome is ObjectionOutcome.CORRECTED and not correcting:
            raise ValueError("a correction names the corrected severity or legal_basis")
        if self.outcome is not ObjectionOutcome.CORRECTED and correcting:
            raise ValueError(f"severity and legal_basis are only for outcome corrected, "
                             f"not {self.outcome.value}")
        return self
