"""Request and answer bodies of complaint-intake's HTTP API (投诉举报接口).

The commands the handlers take (``ComplaintFiling``, ``Closing``, ``Assignment``) and
the read models the queries give (``ComplaintView``, ``QueueItem``, ``StatsView``,
``ReceiptView`` …) are used here as they are; this module adds the bodies that are the
HTTP edge's own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from services.complaint_intake.handlers.closing import Closing
from services.complaint_intake.handlers.filing import (
    DESCRIPTION_LIMIT,
    ComplaintFiling,
    Reporter,
    Subject,
)
from services.complaint_intake.handlers.inputs import DepartmentCode, Reason
from services.complaint_intake.handlers.triage import Assignment
from services.complaint_intake.queries.department import (
    ComplaintDetail,
    ComplaintView,
    PublicReply,
    QueueItem,
    ReplyView,
    StepView,
)
from services.complaint_intake.queries.receipts import ReceiptView
from services.complaint_intake.queries.stats import StatsView
from shared.fields import Flag, count
from shared.fields import text as bounded_text

__all__ = [
    "DESCRIPTION_LIMIT",
    "Assignment",
    "Closing",
    "ComplaintDetail",
    "ComplaintFiling",
    "ComplaintView",
    "FiledView",
    "IdentityView",
    "PassOn",
    "Payment",
    "PublicReply",
    "QueueItem",
    "Rating",
    "Reasoned",
    "ReceiptView",
    "ReplyEntry",
    "ReplyView",
    "Reporter",
    "RewardEntry",
    "RewardView",
    "StatsView",
    "StepView",
    "Subject",
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FiledView(BaseModel):
    """The answer to a filing, given as soon as it is stored (受理回执). Where it goes,
    whether it repeats an earlier complaint and its deadlines are worked out moments
    later: the receipt (``GET /v1/receipts/{code}``) shows them."""

    complaint_id: str
    receipt_code: str = Field(description="16 digits; anyone holding it can follow the case")
    status: Literal["received"] = Field(description="always `received`: the filing is "
                                        "stored; the receipt follows its handling")
    received_on: date = Field(description="the day of receipt the deadlines count from")


class Reasoned(_Body):
    reason: Reason


class PassOn(_Body):
    department: DepartmentCode
    reason: Reason


class ReplyEntry(_Body):
    text: Annotated[str, bounded_text(2000)]
    public: Flag = Field(default=False, description="shown on the receipt (and Open311) "
                         "only when true: an internal note by default")


class Rating(_Body):
    score: int = count(ge=1, le=5, description="1 very dissatisfied … 5 very satisfied")


class IdentityView(BaseModel):
    complaint_id: str
    name: str | None
    phone: str | None
    id_number: str | None
    contact: str | None
    internal_whistleblower: bool


Yuan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), WithJsonSchema({
    "type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$", "examples": ["200000"],
    "description": "yuan: up to 12 digits before the point and 2 after (a JSON number "
    "is read too)"})]


class RewardEntry(_Body):
    fine_yuan: Yuan = Field(description="fines and confiscations the report led to")
    level: int = count(ge=1, le=3, description="the reward level of the rules: 1, 2 or 3")


class Payment(_Body):
    state: Literal["approved", "paid"]


class RewardView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    complaint_id: str
    level: int
    fine_yuan: Decimal
    amount_yuan: Decimal
    basis: str
    state: str
    decided_on: date
    paid_on: date | None
