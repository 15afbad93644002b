"""Request and answer bodies of complaint-intake's HTTP API (投诉举报接口)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.complaint_intake.domain.lifecycle import Channel, Outcome
from services.complaint_intake.domain.rule_models import ComplaintKind
from shared.contracts.credit import Severity
from shared.uscc import USCC

DESCRIPTION_LIMIT = 10_000
ContentHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$",
                                   description="SHA-256 of the attachment, lower-case hex")]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", examples=["370211"])]
Reason = Annotated[str, Field(min_length=2, max_length=500)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Subject(_Body):
    """Who the complaint is about (被投诉举报对象): a USCC, or a name (and address)."""

    uscc: USCC | None = None
    name: str | None = Field(default=None, min_length=2, max_length=200,
                             examples=["青岛海岸食品有限公司"])
    address: str | None = Field(default=None, max_length=300)


class Reporter(_Body):
    """The reporter (投诉举报人); all optional: anonymous reports are allowed. Sealed at
    rest and shown only to the handling department's whistleblower officer."""

    # repr=False: a log line or traceback that prints a filing never shows them
    name: str | None = Field(default=None, max_length=100, repr=False)
    phone: str | None = Field(default=None, max_length=40, repr=False)
    id_number: str | None = Field(default=None, max_length=40, repr=False)
    contact: str | None = Field(default=None, max_length=300, repr=False)


class ComplaintFiling(_Body):
    """A complaint, report or suggestion as filed (CP-1)."""

    kind: ComplaintKind
    channel: Channel | None = Field(
        default=None, description="departments relaying a call or letter say which channel; "
        "public filings are always `public`")
    subject: Subject
    category: str = Field(min_length=1, max_length=40, examples=["food_safety"],
                          description="a category of the 职责边界清单 (GET /v1/categories)")
    region: RegionCode | None = Field(default=None, description="where it happened; default: "
                                      "the entity's region")
    description: str = Field(min_length=1, max_length=DESCRIPTION_LIMIT)
    attachments: list[ContentHash] = Field(default_factory=list, max_length=20)
    reporter: Reporter | None = None
    internal_whistleblower: bool = Field(default=False, description="the reporter works for "
                                         "the entity (内部举报人)")


class FiledView(BaseModel):
    complaint_id: str
    receipt_code: str = Field(description="16 digits; anyone holding it can follow the case")
    status: str
    department: str
    duplicate_of: str | None
    accept_by: date | None
    decide_case_by: date | None


class PublicReply(BaseModel):
    at: datetime
    text: str


class ReceiptView(BaseModel):
    """What the receipt shows (查询): status and public replies, nothing about the reporter."""

    receipt_code: str
    kind: str
    category: str
    status: str
    outcome: str | None
    received_on: date
    department: str
    linked: bool = Field(description="a repeat of an earlier complaint: status, outcome and "
                         "replies are the earlier one's")
    replies: list[PublicReply]
    satisfaction: int | None
    rating_open: bool = Field(description="回访: the handling ended and awaits this "
                              "receipt's 1-5 rating (POST …/rating)")


class ReplyView(PublicReply):
    department: str
    public: bool


class StepView(BaseModel):
    at: datetime
    action: str
    department: str
    note: str | None


class ComplaintView(BaseModel):
    """The handling department's view; the reporter's identity is never in it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    channel: str
    channels: list[str]
    status: str
    category: str
    region: str
    department: str
    uscc: str | None
    subject_name: str | None
    subject_address: str | None
    match_score: float | None
    description: str
    attachments: list[str]
    received_on: date
    accept_by: date | None
    decide_case_by: date | None
    decide_case_extended_by: date | None
    mediation_ends: date | None
    accepted_on: date | None
    closed_on: date | None
    outcome: str | None
    finding_for: str | None
    duplicate_of: str | None
    duplicates: int
    misroutes: int
    internal_whistleblower: bool
    reporter_standing: str
    satisfaction: int | None


class ComplaintDetail(ComplaintView):
    replies: list[ReplyView]
    steps: list[StepView]


class QueueItem(BaseModel):
    complaint_id: str
    kind: str
    category: str
    status: str
    received_on: date
    deadline: str | None
    due_on: date | None
    overdue: bool
    duplicates: int
    internal_whistleblower: bool
    reporter_standing: str


class Reasoned(_Body):
    reason: Reason


class PassOn(_Body):
    department: str = Field(min_length=1, max_length=32, examples=["STHJ"])
    reason: Reason


class Closing(_Body):
    outcome: Outcome
    severity: Severity | None = Field(default=None, description="失信程度, for substantiated")
    finding_for: str | None = Field(default=None, max_length=32, description="a department "
                                    "code or `police` when the finding is handed on")
    uscc: USCC | None = Field(default=None, description="the entity, if the complaint did "
                              "not name it by USCC")
    public_reply: str | None = Field(default=None, max_length=2000)


class ReplyEntry(_Body):
    text: str = Field(min_length=1, max_length=2000)
    public: bool = Field(default=False, description="shown on the receipt (and Open311) "
                         "only when true: an internal note by default")


class Rating(_Body):
    score: int = Field(ge=1, le=5, description="1 very dissatisfied … 5 very satisfied")


class IdentityView(BaseModel):
    complaint_id: str
    name: str | None
    phone: str | None
    id_number: str | None
    contact: str | None
    internal_whistleblower: bool


class RewardEntry(_Body):
    fine_yuan: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    level: Literal[1, 2, 3]


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


class StatsView(BaseModel):
    department: str
    period_from: date
    period_to: date
    received: int
    duplicates: int
    accepted_in_time: int
    overdue: int
    average_days_to_accept: float | None
    average_days_to_close: float | None
    closed: int
    satisfaction: float | None
    misroutes: int
