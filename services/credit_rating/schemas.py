"""Request and response shapes of credit-rating (信用评价) at its HTTP edge.

``EntityRegistration`` and ``RecordEntry`` are also what the handlers take: the bulk
import validates each line with ``EntityRegistration``, consumers build ``RecordEntry``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from shared.uscc import USCC

GB4754_CODE = r"^[A-T](\d{2,4})?$|^\d{2,4}$"


_CHINA = ZoneInfo("Asia/Shanghai")  # the day records are decided on


def decided_by_today(day: date, name: str) -> None:
    """Refuse a decision day after today in China: it is entered once decided."""
    today = datetime.now(_CHINA).date()
    if day > today:
        raise ValueError(f"{name} {day} is after today ({today} in China): enter it once "
                         "it has been decided")


class EntityRegistration(BaseModel):
    """A market entity (市场主体) as registered (CR-1); the upsert and each import line."""

    model_config = ConfigDict(str_strip_whitespace=True)

    uscc: USCC
    name: str = Field(min_length=1, max_length=200, description="登记名称",
                      examples=["青岛海岸食品有限公司"])
    legal_representative: str | None = Field(default=None, max_length=100,
                                             description="法定代表人 (never leaves in events)",
                                             examples=["张三"])
    registered_address: str | None = Field(default=None, max_length=300,
                                           description="住所", examples=["青岛市黄岛区长江路 1 号"])
    region: str = Field(pattern=r"^\d{6}$", description="6-digit 行政区划代码",
                        examples=["370211"])
    industry: str = Field(pattern=GB4754_CODE, description="GB/T 4754 行业代码",
                          examples=["C1391"])
    established_on: date = Field(description="成立日期", examples=["2019-05-20"])
    new_economy: bool = Field(default=False, description="新经济 entity (CR-8)")
    tolerance_until: date | None = Field(default=None, description="end of its 包容期",
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

    persons: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2,
                                                   max_length=100)]] = Field(
        max_length=50, description="names or ID numbers; kept and announced only as keyed "
        "hashes (HMAC-SHA256), never in clear; an empty list removes them all",
        examples=[["李四", "370211198001011234"]])


class ResponsiblePersonsView(BaseModel):
    uscc: str
    persons: int = Field(description="how many are registered now (never who)")


class EntityView(EntityRegistration):
    created_at: datetime
    updated_at: datetime


class RecordEntry(BaseModel):
    """A credit record (信用记录) a department enters (CR-2)."""

    kind: RecordKind = Field(description="what the record is about")
    severity: Severity | None = Field(default=None, description="失信程度 轻微/一般/严重; "
                                      "required for negative kinds, ignored for positive ones")
    department: str = Field(min_length=1, max_length=32, description="your department code",
                            examples=["SCJG"])
    legal_basis: str = Field(min_length=1, max_length=300, description="依据",
                             examples=["《中华人民共和国食品安全法》第一百二十四条"])
    decided_on: date = Field(description="date of the decision or finding")
    violation_code: str | None = Field(default=None, max_length=64,
                                       description="code of the violation (免罚清单 lookup)")

    @model_validator(mode="after")
    def _decided_already(self) -> RecordEntry:
        decided_by_today(self.decided_on, "decided_on")
        return self

    @model_validator(mode="after")
    def _negative_needs_severity(self) -> RecordEntry:
        if self.severity is None and not self.kind.positive:
            valid = ", ".join(s.value for s in Severity)
            raise ValueError(f"a {self.kind.value} record needs a severity: one of {valid}")
        return self


class RecordView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    kind: RecordKind
    severity: Severity | None
    department: str
    legal_basis: str
    decided_on: date
    violation_code: str | None
    status: RecordStatus
    published: bool
    publicity_minimum_end: date | None
    publicity_end: date | None
    exempt_reason: str | None
    created_at: datetime


class FactorView(BaseModel):
    dimension: str = Field(description="public, industry or market evaluation dimension")
    points: float
    explanation: str
    record_ids: list[str] = Field(description="the records behind this factor")


class GradeView(BaseModel):
    uscc: str
    grade: str = Field(examples=["B"])
    label: str = Field(examples=["轻微失信"])
    score: float
    rule_version: str
    no_penalty_3y: bool
    computed_at: datetime
    factors: list[FactorView]


class BlacklistView(BaseModel):
    listed: bool = Field(description="on the 严重失信主体名单")
    reason: str | None
    record_ids: list[str]


class WatchlistView(BaseModel):
    listed: bool = Field(description="on the 重点关注企业名单 (CR-7)")
    reason: str | None
    record_ids: list[str]


class ToleranceView(BaseModel):
    in_tolerance: bool = Field(description="inside its 包容期 today (CR-8)")
    until: date | None


class CheckView(BaseModel):
    """逢办必查: what an approving department must know before it decides (CR-6)."""

    uscc: str
    name: str
    grade: str
    label: str
    score: float
    rule_version: str
    no_penalty_3y: bool
    blacklist: BlacklistView
    watchlist: WatchlistView
    department: str = Field(description="the calling department")
    matter: str | None
    measures: list[dict[str, Any]] = Field(
        description="联合惩戒 measures this department applies for this matter")
    tolerance: ToleranceView
    as_of: date


class ListEntryView(BaseModel):
    """An entity's state on one list: 严重失信主体名单 or 重点关注企业名单 (CR-5, CR-7)."""

    model_config = ConfigDict(from_attributes=True)

    listed: bool
    reason: str
    record_ids: list[str] = Field(description="the records behind the state")
    listed_since: date | None = Field(description="day the entity went on the list")
    reminder_issued_on: date | None = Field(
        default=None, description="watchlist: day the last 提醒约谈 counts from")
    updated_at: datetime | None = Field(description="last stored change; null if the state "
                                        "was assessed for this answer (never stored yet)")


class EntityListsView(BaseModel):
    uscc: str
    blacklist: ListEntryView
    watchlist: ListEntryView


class BlacklistedEntityView(BaseModel):
    uscc: str
    name: str
    reason: str
    record_ids: list[str]
    listed_since: date | None


class BlacklistPageView(BaseModel):
    """One page of the 严重失信主体名单, by USCC; pass ``next_after`` as ``after``."""

    items: list[BlacklistedEntityView]
    next_after: str | None = Field(description="USCC to continue after; null on the last page")


class LineError(BaseModel):
    line: int = Field(description="1-based line number in the file (the CSV header is 1)")
    reason: str


class ImportReportView(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[LineError]
