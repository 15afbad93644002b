"""Events of credit-rating's lists (名单): the serious-dishonesty list and its
decisions, reminders and the watchlist, risk warnings, the 经营异常名录."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts.credit import PRODUCER, VERSIONED, StateVersion
from shared.contracts.registry import event
from shared.uscc import USCC


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
