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


@event("credit.blacklist.changed.v1", producer=PRODUCER, key="uscc",
       summary="An entity was put on or taken off the 严重失信主体名单 (CR-5)")
class BlacklistChanged(BaseModel):
    """严重失信主体名单 changed; departments apply (or stop) the joint punishment measures.

    The legal representative and the responsible persons leave only as keyed hashes
    (HMAC-SHA256), so a department holding the same name and key can match them; the
    names themselves never travel.
    """

    uscc: USCC
    listed: bool = Field(description="on the list now", examples=[True])
    reason: str = Field(description="why the entity is (or is no longer) listed",
                        examples=["存在 1 条公示期内的严重失信记录(行政处罚)"])
    record_ids: list[str] = Field(description="the serious records behind the listing")
    measures: list[str] = Field(description="codes of the 联合惩戒 measures that apply; "
                                "empty when taken off", examples=[["LHCJ-01", "LHCJ-03"]])
    person_measures: list[str] = Field(
        default_factory=list, description="those of ``measures`` that extend to the legal "
        "representative and the responsible persons", examples=[["LHCJ-03"]])
    legal_representative_hash: str | None = Field(
        description="HMAC-SHA256 (hex) of the legal representative's name; null if unknown",
        examples=["3f5a…"])
    responsible_person_hashes: list[str] = Field(
        default_factory=list, description="HMAC-SHA256 (hex) of each responsible person "
        "(负责人) registered for the entity, as given (name or ID number)")
    person_id_hashes: list[str] = Field(
        default_factory=list, description="HMAC-SHA256 (hex) of the ID numbers (GB 11643, "
        "upper-case X) of the legal representative and the responsible persons, where "
        "registered: they match a person without the namesakes a name matches")
    changed_at: datetime = Field(description="when the change was recorded",
                                 examples=["2026-11-22T08:30:00Z"])
    version: StateVersion = Field(
        default=None, description=f"{VERSIONED} (subject: the entity's "
        "listing on the 严重失信主体名单)")


@event("credit.blacklist.proposed.v1", producer=PRODUCER, key="uscc",
       summary="Records call for listing an entity on the 严重失信主体名单: its department "
       "decides (CR-5)")
class BlacklistProposed(BaseModel):
    """列入建议: a serious record or a judicial transfer (a suspicion) proposes the listing
    to the department that made it, which notifies the entity, hears it and confirms or
    declines (``credit.blacklist.decided.v1``); nothing is listed before."""

    proposal_id: str = Field(description="the proposal's id")
    uscc: USCC
    department: str = Field(description="the department that decides (made the records)",
                            examples=["SCJG"])
    record_ids: list[str] = Field(description="the records behind the proposal")
    proposed_on: date = Field(description="day it was proposed", examples=["2026-11-20"])


@event("credit.blacklist.decided.v1", producer=PRODUCER, key="uscc",
       summary="A department confirmed or declined a proposed listing (列入决定, CR-5)")
class BlacklistDecided(BaseModel):
    """The department's decision on a proposed listing: confirmed (the entity, notified
    on ``notified_on``, is listed from ``decided_on``: ``credit.blacklist.changed.v1``
    follows) or declined."""

    proposal_id: str = Field(description="the proposal's id")
    uscc: USCC
    department: str = Field(description="the deciding department", examples=["SCJG"])
    outcome: Literal["confirmed", "declined"] = Field(examples=["confirmed"])
    record_ids: list[str] = Field(description="the records behind the proposal")
    notified_on: date | None = Field(description="day the entity was notified (告知); null "
                                     "when declined", examples=["2026-11-20"])
    decided_on: date = Field(description="day of the decision", examples=["2026-11-30"])


@event("credit.reminder.issued.v1", producer=PRODUCER, key="uscc",
       summary="Repeated minor or general violations: a reminder and interview is due (CR-7)")
class ReminderIssued(BaseModel):
    """提醒约谈 due after repeated 轻微 / 一般 violations within the rule window, once per
    time it becomes due. The interview is a department's act: it is recorded when held
    (``credit.reminder.held.v1``), and only violations after that put the entity on the
    重点关注企业名单."""

    uscc: USCC
    issued_on: date = Field(description="day the reminder became due (the decision day of "
                            "the violation that made it due)", examples=["2026-11-20"])
    reason: str = Field(description="the rule that made it due")
    record_ids: list[str] = Field(description="the violations counted")


@event("credit.reminder.held.v1", producer=PRODUCER, key="uscc",
       summary="A department recorded the 提醒约谈 that was due (CR-7): violations after it "
       "count toward the 重点关注企业名单")
class ReminderHeld(BaseModel):
    """提醒约谈 held: the department that held it and the day; the follow-up window runs
    from that day."""

    reminder_id: str = Field(description="the recorded reminder's id")
    uscc: USCC
    department: str = Field(description="the department that held it", examples=["SCJG"])
    held_on: date = Field(description="day of the interview", examples=["2026-11-24"])
    record_ids: list[str] = Field(description="the violations that made it due")


@event("credit.risk.warning.v1", producer=PRODUCER, key="uscc",
       summary="Risk warning to departments (CR-7, CR-11): the entity was put on the "
       "重点关注企业名单, or its risk level rose to the model's warning level")
class RiskWarning(BaseModel):
    """风险预警: another violation after the recorded reminder put the entity on the
    watchlist (``trigger`` watchlist), or the risk warning model's level rose to its
    warning level (``trigger`` risk_model, with the level, score and model)."""

    uscc: USCC
    reason: str = Field(description="why the entity is watchlisted, or its risk factors")
    record_ids: list[str] = Field(description="the violations behind the warning")
    trigger: Literal["watchlist", "risk_model"] = Field(
        default="watchlist", description="what raised it", examples=["risk_model"])
    level: str | None = Field(default=None, description="risk_model: the level now",
                              examples=["high"])
    score: int | None = Field(default=None, description="risk_model: the score",
                              examples=[52])
    model: str | None = Field(default=None, description="risk_model: the model's version",
                              examples=["CR11-2026.1"])


@event("credit.abnormal.changed.v1", producer=PRODUCER, key="uscc",
       summary="An entity was put on or moved off the 经营异常名录 (abnormal operations list)")
class AbnormalListingChanged(BaseModel):
    """经营异常名录 (CR-5): listed by a department for a reason, or moved off (移出)."""

    listing_id: str = Field(description="the listing's id (UUID)")
    uscc: USCC
    listed: bool = Field(description="on the abnormal list now (false: moved off)")
    department: str = Field(description="the listing department", examples=["SCJG"])
    reason: str = Field(description="列入事由", examples=["通过登记的住所无法联系"])
    listed_on: date = Field(description="day it was listed", examples=["2026-11-02"])
    removed_on: date | None = Field(default=None, description="day it was moved off")
    version: StateVersion = Field(
        default=None, description=f"{VERSIONED} (subject: the listing "
        "``listing_id``)")


@event("credit.abnormal.warning.v1", producer=PRODUCER, key="uscc",
       summary="An entity will go on the serious-dishonesty list for its years on the "
       "经营异常名录 unless moved off first (forewarned once)")
class AbnormalListingWarning(BaseModel):
    """预警: the entity reaches the rule's years on the abnormal list on ``serious_on``."""

    listing_id: str = Field(description="the listing's id (UUID)")
    uscc: USCC
    department: str = Field(description="the listing department", examples=["SCJG"])
    listed_on: date = Field(description="day it was listed", examples=["2023-12-20"])
    serious_on: date = Field(description="day it goes on the serious list if still listed",
                             examples=["2026-12-20"])


@event("credit.record.repaired.v1", producer=PRODUCER, key="uscc",
       summary="A credit record was repaired (信用修复): its publicity ends, take it down")
class RecordRepaired(BaseModel):
    """信用修复 approved by the finding department (谁认定谁修复, CR-9): publicity, sharing
    and sanctions of the record end together."""

    record_id: str = Field(description="the repaired record")
    uscc: USCC
    department: str = Field(description="the finding department that approved the repair",
                            examples=["SCJG"])
    repair_id: str = Field(description="the repair application")
    repaired_on: date = Field(description="day of approval; publicity ends on it",
                              examples=["2026-11-20"])


@event("credit.repair.applied.v1", producer=PRODUCER, key="uscc",
       summary="An entity applied to repair a credit record (信用修复): the finding "
       "department has to decide by the due day")
class RepairApplied(BaseModel):
    """信用修复 applied for (CR-9), addressed to the finding department (谁认定谁修复); the
    obligations text stays in credit-rating, the public commitment leaves as
    ``credit.commitment.registered.v1``."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record to be repaired")
    uscc: USCC
    department: str = Field(description="the finding department, which has to decide",
                            examples=["SCJG"])
    commitment_id: str = Field(description="the 信用修复型 commitment filed with it")
    applied_on: date = Field(description="day of the application", examples=["2026-11-02"])
    due_on: date = Field(description="last day of the decision (working days)",
                         examples=["2026-11-20"])


@event("credit.repair.rejected.v1", producer=PRODUCER, key="uscc",
       summary="A credit repair was rejected: the record stays as it was")
class RepairRejected(BaseModel):
    """信用修复 rejected by the finding department, with its reason, so the entity can act
    and apply again."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record that stays unrepaired")
    uscc: USCC
    department: str = Field(description="the finding department that rejected it",
                            examples=["SCJG"])
    rejected_on: date = Field(description="day of the decision", examples=["2026-11-18"])
    reason: str = Field(description="why, as the department gave it", examples=["罚款尚未缴清"])


ObjectionOutcome = Literal["corrected", "removed", "upheld"]


@event("credit.objection.filed.v1", producer=PRODUCER, key="uscc",
       summary="An entity objected to a credit record (异议申诉): it is under objection")
class ObjectionFiled(BaseModel):
    """异议申诉 filed (CR-9); the record shows 异议处理中 until the department decides."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="department that decides (made the record)",
                            examples=["SCJG"])
    filed_on: date = Field(description="day the objection was filed", examples=["2026-11-20"])
    due_on: date = Field(description="last day of the decision (working days)",
                         examples=["2026-12-11"])


@event("credit.objection.decided.v1", producer=PRODUCER, key="uscc",
       summary="An objection was decided: the record was corrected, removed or upheld")
class ObjectionDecided(BaseModel):
    """The department's decision on an objection, with the record as it now stands."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="the deciding department", examples=["SCJG"])
    outcome: ObjectionOutcome = Field(description="corrected, removed or upheld",
                                      examples=["corrected"])
    decided_on: date = Field(description="day of the decision", examples=["2026-11-25"])
    record_status: RecordStatus = Field(description="the record's status now",
                                        examples=["active"])
    severity: Severity | None = Field(description="the record's severity now",
                                      examples=["minor"])
    published: bool = Field(description="whether the record is publicised now")
    publicity_end: date | None = Field(description="last day of publicity now")


@event("credit.objection.overdue.v1", producer=PRODUCER, key="uscc",
       summary="An objection was not decided within its deadline (once per objection)")
class ObjectionOverdue(BaseModel):
    """异议申诉 past its decision deadline: a 督办 signal to the deciding department."""

    objection_id: str = Field(description="the objection's id")
    record_id: str = Field(description="the disputed record")
    uscc: USCC
    department: str = Field(description="the department that has to decide",
                            examples=["SCJG"])
    filed_on: date = Field(description="day the objection was filed", examples=["2026-11-02"])
    due_on: date = Field(description="the deadline that passed", examples=["2026-11-20"])


@event("credit.repair.overdue.v1", producer=PRODUCER, key="uscc",
       summary="A credit repair was not decided within its deadline (once per application)")
class RepairOverdue(BaseModel):
    """信用修复 past its decision deadline: a 督办 signal to the finding department."""

    repair_id: str = Field(description="the repair application's id")
    record_id: str = Field(description="the record to be repaired")
    uscc: USCC
    department: str = Field(description="the finding department, which has to decide",
                            examples=["SCJG"])
    applied_on: date = Field(description="day of the application", examples=["2026-11-02"])
    due_on: date = Field(description="the deadline that passed", examples=["2026-11-20"])
