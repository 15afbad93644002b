"""Response shapes of the lists (CR-5, CR-7) and the risk (CR-11) at credit-rating's HTTP
edge: an entity's state on the 严重失信主体名单 and the 重点关注企业名单, the blacklist's
pages, listing proposals and their decisions, recorded reminders, the risk level."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class RiskFactorView(BaseModel):
    component: str = Field(description="severity, frequency or complaints")
    points: int
    explanation: str
    record_ids: list[str]


class RiskView(BaseModel):
    """风险预警模型 (CR-11): the entity's risk level and every point behind it."""

    uscc: str
    level: str = Field(examples=["high"], description="low, medium, high or critical")
    label: str = Field(examples=["较高风险"])
    score: int
    model: str = Field(description="the model's version (rule data)")
    factors: list[RiskFactorView]
    assessed_on: date = Field(description="the day it was assessed (records change it; "
                              "the daily re-grade lowers it as records age)")


class ListEntryView(BaseModel):
    """An entity's state on one list: 严重失信主体名单 or 重点关注企业名单 (CR-5, CR-7)."""

    model_config = ConfigDict(from_attributes=True)

    listed: bool
    reason: str
    record_ids: list[str] = Field(description="the records behind the state")
    listed_since: date | None = Field(description="day the entity went on the list")
    reminder_issued_on: date | None = Field(
        default=None, description="watchlist: day the last recorded 提醒约谈 was held (the "
        "follow-up counts from it)")
    reminder_due_on: date | None = Field(
        default=None, description="watchlist: day a 提醒约谈 became due that no department "
        "has recorded yet (POST /v1/entities/{uscc}/reminders)")
    updated_at: datetime | None = Field(description="last stored change; null if the state "
                                        "was assessed for this answer (never stored yet)")


class EntityListsView(BaseModel):
    uscc: str
    blacklist: ListEntryView
    watchlist: ListEntryView


class ReminderView(BaseModel):
    """A recorded 提醒约谈 (CR-7)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    department: str = Field(description="the department that held it")
    held_on: date
    note: str | None
    record_ids: list[str] = Field(description="the violations that made it due")
    created_at: datetime


class ProposalView(BaseModel):
    """A proposed listing on the 严重失信主体名单 and its department's decision (CR-5)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    department: str = Field(description="the department that decides (made the records)")
    record_ids: list[str]
    reason: str
    proposed_on: date
    status: str = Field(description="proposed, confirmed or declined")
    notified_on: date | None = Field(description="day the entity was notified (告知)")
    decided_on: date | None
    decision_ref: str | None = Field(description="the listing decision's reference")
    note: str | None


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
