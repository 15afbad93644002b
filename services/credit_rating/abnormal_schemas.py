"""Request and response shapes of the 经营异常名录 (abnormal operations list, CR-5)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.credit_rating.schemas import decided_by_today


class AbnormalEntry(BaseModel):
    """列入经营异常名录 by your department."""

    model_config = ConfigDict(str_strip_whitespace=True)

    department: str = Field(min_length=1, max_length=32, examples=["SCJG"],
                            description="your department: the listing one")
    reason: str = Field(min_length=1, max_length=300, examples=["通过登记的住所无法联系"],
                        description="列入事由")
    listed_on: date = Field(description="day of the listing decision")

    @model_validator(mode="after")
    def _decided_already(self) -> AbnormalEntry:
        decided_by_today(self.listed_on, "listed_on")
        return self


class AbnormalRemoval(BaseModel):
    """移出经营异常名录: the cause is gone (e.g. the annual report filed, reachable again)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    removed_on: date = Field(description="day of the removal decision")
    reason: str = Field(min_length=1, max_length=300, examples=["已补报年度报告"])

    @model_validator(mode="after")
    def _decided_already(self) -> AbnormalRemoval:
        decided_by_today(self.removed_on, "removed_on")
        return self


class AbnormalListingView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    department: str
    reason: str
    listed_on: date
    removed_on: date | None
    removal_reason: str | None
    warned_on: date | None = Field(description="day the coming serious listing was "
                                   "forewarned (credit.abnormal.warning.v1)")
