"""The filing command (受理单): a complaint, report or suggestion as filed (CP-1).

The intake takes it from every channel (the HTTP route and its fast lane use it as the
request body, Open311 maps its form onto it). The reporter's particulars never show when
a filing is printed (a log line, a traceback).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.domain.rule_models import ComplaintKind
from services.complaint_intake.handlers.inputs import RegionCode
from shared.fields import Day, Flag, text
from shared.uscc import USCC

DESCRIPTION_LIMIT = 10_000
ContentHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$",
                                   description="SHA-256 of the attachment, lower-case hex")]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Subject(_Command):
    """Who the complaint is about (被投诉举报对象): a USCC, or a name (and address)."""

    uscc: USCC | None = None
    name: Annotated[str, text(200, min_length=2, lines=False)] | None = Field(
        default=None, examples=["青岛海岸食品有限公司"])
    address: Annotated[str, text(300, min_length=0, lines=False)] | None = None


class Reporter(_Command):
    """The reporter (投诉举报人); all optional: anonymous reports are allowed. Sealed at
    rest and shown only to the handling department's whistleblower officer."""

    # repr=False: a log line or traceback that prints a filing never shows them
    name: Annotated[str, text(100, min_length=0, lines=False)] | None = Field(
        default=None, repr=False)
    phone: Annotated[str, text(40, min_length=0, lines=False)] | None = Field(
        default=None, repr=False)
    id_number: Annotated[str, text(40, min_length=0, lines=False)] | None = Field(
        default=None, repr=False)
    contact: Annotated[str, text(300, min_length=0, lines=False)] | None = Field(
        default=None, repr=False)


class ComplaintFiling(_Command):
    """A complaint, report or suggestion as filed (CP-1)."""

    kind: ComplaintKind
    channel: Channel | None = Field(
        default=None, description="departments relaying a call or letter say which channel; "
        "public filings are always `public`")
    subject: Subject
    received_on: Day | None = Field(
        default=None, description="the day the letter or call was received (收到之日), "
        "which every deadline counts from: required from a department relaying a channel "
        "(not in the future, at most the rules' intake.received_on.max_days_before days "
        "back); the public's filing is received when filed and gives none")
    category: Annotated[str, text(40, lines=False)] = Field(
        examples=["food_safety"],
        description="a category of the 职责边界清单 (GET /v1/categories); any other goes "
        "to the 12345 hotline office's triage queue (一号响应), never refused")
    region: RegionCode | None = Field(default=None, description="where it happened; default: "
                                      "the entity's region")
    description: Annotated[str, text(DESCRIPTION_LIMIT)]
    attachments: list[ContentHash] = Field(default_factory=list, max_length=20)
    reporter: Reporter | None = None
    internal_whistleblower: Flag = Field(default=False, description="the reporter works for "
                                         "the entity (内部举报人)")
