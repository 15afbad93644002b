"""Events public-notice (信息公示) produces: a notice went public, or left public view.

A notice carries only what is public: its texts are already masked (PN-4), and nothing
about a minor, a state secret or a trade secret is ever published. Keyed by the notice
id, so a notice's publication and its withdrawal stay in order.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from shared.contracts.credit import VERSIONED, StateVersion
from shared.contracts.registry import event
from shared.uscc import USCC

PRODUCER = "public-notice"
NoticeVersion = Annotated[StateVersion, Field(
    description=f"{VERSIONED} (subject: the notice ``notice_id``: its publication, each "
    "completion and its withdrawal)")]
NoticeKind = Literal[
    "administrative_penalty", "inspection_plan", "draw_list", "inspection_result",
    "blacklist", "abnormal_list", "commitment", "broken_commitment",
    "substantiated_complaint", "reward", "licence", "coercion", "confirmation", "levy",
    "payment", "adjudication", "compensation"]
"""公示类别: 十公示 (行政许可 licence, 行政处罚, 行政强制 coercion, 行政确认, 行政征收 levy,
行政给付 payment, 行政裁决, 行政补偿, 行政奖励 reward, 行政监督检查 = inspection_result),
双随机一公开 (抽查计划, 抽查名单 draw_list, 抽查结果) and the credit lists (严重失信主体
名单, 经营异常名录, 信用承诺, 违背信用承诺, 投诉举报查实)."""
WithdrawalReason = Literal[
    "period_ended", "repaired", "revoked", "delisted", "state_secret", "trade_secret",
    "personal_privacy", "minor", "error", "superseded"]
"""Why a notice left public view: 公示期满 / 信用修复 / 决定被撤销 / 移出名单 / 国家秘密 /
商业秘密 / 个人隐私 / 涉及未成年人 / 公示有误 / 被新的公示取代 (a redraw)."""


@event("notice.published.v1", producer=PRODUCER, key="notice_id",
       summary="A notice went public (公示): masked, with its department and legal basis")
class NoticePublished(BaseModel):
    """公示: what went public, by whom (谁执法、谁公示, PN-6), on what basis and until when.

    Sent again with the same ``notice_id`` when a later event completes the notice (the
    credit record of a case's penalty brings its kind and ban, the case brings its
    articles and fine): the newer one replaces what an integrator holds."""

    notice_id: str = Field(description="the notice's id (UUID)",
                           examples=["0193a1c2-5d3e-7f10-8a2b-3c4d5e6f7a8b"])
    kind: NoticeKind = Field(description="公示类别", examples=["administrative_penalty"])
    uscc: USCC | None = Field(default=None, description="the entity it is about; null for "
                              "plans and draw lists")
    department: str = Field(description="code of the publishing department (PN-6)",
                            examples=["SCJG"])
    title: str = Field(description="the notice's title, masked",
                       examples=["行政处罚信息: 罚款"])
    legal_basis: str = Field(description="公示依据: the rule the notice is published under",
                             examples=["《市场监督管理行政处罚信息公示规定》第六条"])
    decision_basis: str | None = Field(
        default=None, description="处罚依据 or other articles the decision applied, masked",
        examples=["《中华人民共和国食品安全法》第一百二十四条"])
    decided_on: date = Field(description="day of the decision, finding or listing",
                             examples=["2026-11-20"])
    published_on: date = Field(description="day it went public (China)",
                               examples=["2026-11-21"])
    public_until: date | None = Field(
        description="last day it is public (its period); null: until the entity is taken "
        "off the list", examples=["2029-11-20"])
    period_rule: str = Field(description="code of the publicity period rule applied",
                             examples=["SAMR-13-OTHER"])
    source_event_id: str = Field(description="id of the event the notice was made from")
    path: str = Field(description="where the public reads it on public-notice",
                      examples=["/notices/0193a1c2-5d3e-7f10-8a2b-3c4d5e6f7a8b"])
    version: NoticeVersion = None


@event("notice.withdrawn.v1", producer=PRODUCER, key="notice_id",
       summary="A notice left public view (撤下): its period ended, the record was repaired, "
       "the decision revoked, or a department withdrew it")
class NoticeWithdrawn(BaseModel):
    """撤下: the notice is no longer shown, queried or fed; integrators take it down too."""

    notice_id: str = Field(description="the notice's id (UUID)")
    kind: NoticeKind = Field(description="公示类别", examples=["administrative_penalty"])
    uscc: USCC | None = Field(default=None, description="the entity it was about")
    department: str = Field(description="code of the publishing department",
                            examples=["SCJG"])
    reason: WithdrawalReason = Field(description="why it left public view",
                                     examples=["repaired"])
    withdrawn_on: date = Field(description="day it left public view (China)",
                               examples=["2026-12-01"])
    due_on: date | None = Field(
        default=None, description="for a revoked decision, the last day it had to be taken "
        "down (5 working days after the revocation)", examples=["2026-12-04"])
    version: NoticeVersion = None
