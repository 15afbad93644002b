"""The commands of the lists (名单命令): 提醒约谈 recorded (CR-7), a proposed listing on the
严重失信主体名单 confirmed or declined (CR-5), the 经营异常名录 entered and left. Bounded
as ``handlers.commands``; a rule that needs today is the handler's."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.credit_rating.handlers.commands import Department, OneLine
from shared.fields import Day, text


class ReminderEntry(BaseModel):
    """提醒约谈 held by your department with an entity (CR-7); held_on not after today."""

    model_config = ConfigDict(str_strip_whitespace=True)

    department: Department = Field(examples=["SCJG"],
                                   description="your department: the one that held it")
    held_on: Day = Field(description="day of the interview, not before the reminder became "
                         "due nor after today")
    note: Annotated[str, text(300, min_length=0)] | None = Field(
        default=None, examples=["约谈法定代表人, 责令限期整改"])


class ListingConfirmation(BaseModel):
    """列入决定: your department lists the entity, having notified it (告知) and heard it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    notified_on: Day = Field(description="day the entity was notified of the proposed "
                             "listing, its grounds and its right to be heard (告知)")
    decided_on: Day = Field(description="day of the listing decision: after the entity's "
                            "time to state its case (rule statement_workdays), not after today")
    decision_ref: Annotated[str, text(100, lines=False)] = Field(
        description="reference of the decision document (列入决定书)",
        examples=["青市监信列〔2026〕12号"])
    note: Annotated[str, text(300, min_length=0)] | None = None

    @model_validator(mode="after")
    def _notice_first(self) -> ListingConfirmation:
        if self.decided_on < self.notified_on:
            raise ValueError("decided_on lies before notified_on: the entity is notified "
                             "and heard before the decision")
        return self


class ListingDeclination(BaseModel):
    """Your department does not list the entity on the proposal (the reason is kept)."""

    note: Annotated[str, text(300)] = Field(description="why not",
                                            examples=["情节轻微, 已整改, 不予列入"])


class AbnormalEntry(BaseModel):
    """列入经营异常名录 by your department; listed_on not after today."""

    model_config = ConfigDict(str_strip_whitespace=True)

    department: Department = Field(examples=["SCJG"],
                                   description="your department: the listing one")
    reason: OneLine = Field(examples=["通过登记的住所无法联系"], description="列入事由")
    listed_on: Day = Field(description="day of the listing decision, not after today")


class AbnormalRemoval(BaseModel):
    """移出经营异常名录: the cause is gone (e.g. the annual report filed, reachable again)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    removed_on: Day = Field(description="day of the removal decision, not after today")
    reason: OneLine = Field(examples=["已补报年度报告"])
