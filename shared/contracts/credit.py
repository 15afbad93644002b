"""Events credit-rating (信用评价) produces: registry changes, credit records, grades.

No personal data travels here: the legal representative and responsible persons stay in
credit-rating's database (CR-5, PN-4).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "credit-rating"
Severity = Literal["minor", "general", "serious"]
"""失信程度 轻微 / 一般 / 严重, as every contract spells it."""
RecordKind = Literal["administrative_penalty", "inspection_result", "substantiated_complaint",
                     "broken_commitment", "judicial_transfer", "award", "kept_commitment"]
RecordStatus = Literal["active", "under_objection", "repaired", "expired", "exempted",
                       "removed"]
Grade = Literal["A", "B", "C", "D"]
PenaltyKind = Literal["public_criticism", "warning", "fine", "confiscation", "licence_action",
                      "business_restriction", "practice_restriction", "detention", "other"]
"""行政处罚的种类 (行政处罚法 art. 9): 通报批评 / 警告 / 罚款 / 没收违法所得、没收非法财物 /
暂扣许可证件、降低资质等级、吊销许可证件 / 限制开展生产经营活动、责令停产停业、责令关闭 /
限制从业 / 行政拘留 / 其他. A decision with several is recorded by its heaviest."""
VERSIONED = "grows with every change of this subject; keep the highest"
StateVersion = Annotated[int | None, Field(ge=1, examples=[3])]
"""The producer's version of the state an event carries, for a consumer that keeps a copy:
apply an event only when its version is higher than the one held (events may arrive out
of order after a broker loss and a replay). Null from producers older than issue 20."""


@event("credit.entity.upserted.v1", producer=PRODUCER, key="uscc",
       summary="A market entity was registered or its registry data changed (roster mirror)")
class EntityUpserted(BaseModel):
    """市场主体 registered or changed; carries no personal data."""

    uscc: USCC
    name: str = Field(description="登记名称", examples=["青岛海岸食品有限公司"])
    region: str = Field(description="6-digit 行政区划代码 of the registered address",
                        examples=["370211"])
    industry: str = Field(description="国民经济行业分类 GB/T 4754 code",
                          examples=["C1391"])
    established_on: date = Field(description="成立日期", examples=["2019-05-20"])
    new_economy: bool = Field(description="新经济 entity (新技术、新产业、新业态、新模式)",
                              examples=[False])
    tolerance_until: date | None = Field(
        default=None, description="last day of its 包容期 (CR-8), if it has one",
        examples=["2027-12-31"])
    version: StateVersion = Field(
        default=None, description=f"{VERSIONED} (subject: the entity's "
        "registry data)")


@event("credit.record.added.v1", producer=PRODUCER, key="uscc",
       summary="A credit record (信用记录) was added under an entity")
class RecordAdded(BaseModel):
    """A new 信用记录 under an entity; public-notice publishes it while ``published``."""

    record_id: str = Field(description="the record's id (UUID)",
                           examples=["6f1c2b8e-3a51-4c1e-9a57-0d8f3e2b1c44"])
    uscc: USCC
    kind: RecordKind = Field(description="what the record is about",
                             examples=["administrative_penalty"])
    severity: Severity | None = Field(description="失信程度; null for positive records",
                                      examples=["general"])
    department: str = Field(description="code of the department that made the finding",
                            examples=["SCJG"])
    decided_on: date = Field(description="date of the decision or finding",
                             examples=["2026-11-20"])
    status: RecordStatus = Field(description="active, or exempted (首违不罚) …",
                                 examples=["active"])
    published: bool = Field(description="whether the record is publicised at all",
                            examples=[True])
    publicity_end: date | None = Field(
        description="last day of publicity; for a record not published as a rule "
        "(published false) the last day it could be publicised under its regime (轻微 "
        "from 2026-04-01: 3 months after the decision); null when there is none "
        "(exempted, or no limit in the regime)",
        examples=["2027-11-20"])
    penalty_kind: PenaltyKind | None = Field(
        default=None, description="for an administrative penalty, its kind (行政处罚种类, "
        "the heaviest one of the decision); null when not a penalty or not known. "
        "public-notice sets the SAMR publicity period by it (通报批评: 3 months)",
        examples=["fine"])
    fine_yuan: Decimal | None = Field(
        default=None, ge=0, description="the fine in yuan (罚款数额), if the penalty has one; "
        "a small fine (较低数额罚款) is published for 3 months, a larger one for 3 years",
        examples=["20000"])
    ban_until: date | None = Field(
        default=None, description="last day of a ban the penalty imposes (限制开展生产经营"
        "活动, 责令停产停业, 限制从业, 暂扣许可证件), if any; a ban longer than the 3-year "
        "publicity is published as long as it lasts", examples=["2031-11-19"])


@event("credit.record.changed.v1", producer=PRODUCER, key="uscc",
       summary="A credit record's kind or severity was completed by a second report of the "
       "same finding (one finding, one record)")
class RecordChanged(BaseModel):
    """The record of one finding, as it stands now: an inspection that found a commitment
    false makes one record (违背信用承诺), whichever of its two events came first; the
    second completes the first's record instead of adding one."""

    record_id: str = Field(description="the record")
    uscc: USCC
    kind: RecordKind = Field(description="what the record is about now",
                             examples=["broken_commitment"])
    severity: Severity | None = Field(description="失信程度 now", examples=["general"])
    status: RecordStatus = Field(description="the record's status", examples=["active"])
    published: bool = Field(description="whether the record is publicised now")
    publicity_end: date | None = Field(description="last day of publicity now")
    reason: str = Field(description="what changed it", examples=["承诺不实 (result R-1)"])
    department: str | None = Field(default=None, description="code of the department the "
                                   "record is of", examples=["SCJG"])
    decided_on: date | None = Field(default=None, description="date of the decision or "
                                    "finding", examples=["2026-11-15"])


@event("credit.grade.changed.v1", producer=PRODUCER, key="uscc",
       summary="An entity's credit grade letter (A 诚信守法 … D 严重失信) or its "
       "3-years-without-penalty standing changed")
class GradeChanged(BaseModel):
    """信用等级 changed; the first grade of an entity has ``old_grade`` null. Also sent,
    with ``old_grade`` equal to ``new_grade``, when only ``no_penalty_3y`` turned (CR-10),
    which the passing of time alone can do."""

    uscc: USCC
    old_grade: Grade | None = Field(description="grade before; null for the first grade",
                                    examples=["A"])
    new_grade: Grade = Field(description="grade now", examples=["B"])
    score: float = Field(description="score under the rule version", examples=[82.0])
    rule_version: str = Field(description="version of the grading rules", examples=["2026.1"])
    no_penalty_3y: bool = Field(description="no administrative penalty for three years "
                                "(CR-10: lower inspection frequency)", examples=[False])
    changed_at: datetime = Field(description="when the grade was computed",
                                 examples=["2026-11-22T08:30:00Z"])
    version: StateVersion = Field(
        default=None, description=f"{VERSIONED} (subject: the entity's "
        "grade)")
