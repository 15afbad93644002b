"""What a notice and an entity look like to the public (公示视图): codes with their words,
dates in China's days, no id a reader has to decode."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from services.public_notice.domain import words
from services.public_notice.domain.names import Names
from services.public_notice.domain.rules import NoticeRules
from shared.contracts.credit import Grade, PenaltyKind, Severity
from shared.contracts.notice import NoticeKind


class NoticeOut(BaseModel):
    """A public notice (公示信息)."""

    id: str = Field(description="the notice's id (for links and feeds)")
    number: str = Field(description="公示编号, short and stable", examples=["00000123"])
    kind: NoticeKind = Field(examples=["administrative_penalty"])
    kind_name: str = Field(examples=["行政处罚"])
    department: str = Field(description="the publishing department (PN-6)", examples=["SCJG"])
    department_name: str = Field(examples=["青岛市市场监督管理局"])
    uscc: str | None = Field(default=None, description="the entity it is about")
    entity_name: str | None = Field(default=None, examples=["青岛海岸食品有限公司"])
    title: str
    summary: str = Field(description="the notice's text, masked (PN-4)")
    legal_basis: str = Field(description="公示依据")
    decision_basis: str | None = Field(default=None, description="处罚依据 or other basis")
    severity: Severity | None = None
    severity_name: str | None = Field(default=None, examples=["一般"])
    penalty_kind: PenaltyKind | None = None
    penalty_kind_name: str | None = Field(default=None, examples=["罚款"])
    fine_yuan: Decimal | None = Field(default=None, examples=["20000"])
    ban_until: date | None = None
    decided_on: date = Field(description="day of the decision, finding or listing")
    published_on: date
    public_until: date | None = Field(description="last day it is public; null: while "
                                      "the entity stays listed")
    repairable_from: date | None = Field(default=None, description="信用修复: the day from "
                                         "which the entity may apply to end it early")
    exposed: bool = Field(description="shown on the 曝光台 as a typical case")
    path: str = Field(description="the notice's page", examples=["/notices/0193…"])


class DrawAppearance(BaseModel):
    """A published draw list the entity is on."""

    notice_id: str
    title: str
    published_on: date


class EntityPublic(BaseModel):
    """What anyone may know of an entity (公共信用信息): registry data, grade where public,
    list status and its notices in force (PN-5)."""

    uscc: str
    name: str | None = Field(description="登记名称; null when the registry has not told "
                             "public-notice yet")
    region_name: str | None = None
    established_on: date | None = None
    grade: Grade | None = Field(default=None, description="信用等级, where public")
    grade_name: str | None = Field(default=None, examples=["诚信守法"])
    blacklisted: bool = Field(description="on the 严重失信主体名单")
    abnormal: bool = Field(description="on the 经营异常名录")
    notices: list[NoticeOut]
    draw_lists: list[DrawAppearance]
    as_of: date = Field(description="the day (China) the answer is for")


class EntityHit(BaseModel):
    """An entity found by a search."""

    uscc: str
    name: str
    region_name: str


class NoticePage(BaseModel):
    """A page of notices, newest first."""

    items: list[NoticeOut]
    page: int
    size: int
    more: bool = Field(description="whether a next page has notices")


def public_on(row: Any, today: date) -> bool:
    """Published, and its period not over on ``today``."""
    return row.status == "published" and (row.ends_on is None or today < row.ends_on)


def notice_out(row: Any, names: Names, rules: NoticeRules,
               entity_name: str | None = None) -> NoticeOut:
    """A notices row (any object with its columns) as the public sees it."""
    return NoticeOut(
        id=row.id, number=f"{row.number:08d}", kind=row.kind, kind_name=rules.name_of(row.kind),
        department=row.department, department_name=names.department(row.department),
        uscc=row.uscc, entity_name=entity_name or None, title=row.title, summary=row.summary,
        legal_basis=row.legal_basis, decision_basis=row.decision_basis,
        severity=row.severity,
        severity_name=words.SEVERITY.get(row.severity) if row.severity else None,
        penalty_kind=row.penalty_kind,
        penalty_kind_name=words.PENALTY_KIND.get(row.penalty_kind) if row.penalty_kind
        else None,
        fine_yuan=row.fine_yuan, ban_until=row.ban_until, decided_on=row.decided_on,
        published_on=row.published_on,
        public_until=None if row.ends_on is None else row.ends_on - timedelta(days=1),
        repairable_from=row.repairable_from, exposed=bool(row.exposed),
        path=f"/notices/{row.id}")
