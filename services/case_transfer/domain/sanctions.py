"""The sanction ladder (处罚阶梯, CT-6): what a decision may impose, from a talk to closure.

Minor matters get 约谈 / 警告 / 责令改正; serious ones recall, suspension, revocation; a
crime goes to the police (行刑衔接). Which of them are administrative penalties
(行政处罚法 第九条) decides how a case ends for credit-rating: a warning is a penalty, an
interview or an order to correct is not.
"""

from __future__ import annotations

from enum import StrEnum


class Measure(StrEnum):
    """One measure a decision imposes (处理措施)."""

    INTERVIEW = "interview"  # 约谈
    ORDER_TO_CORRECT = "order_to_correct"  # 责令改正
    RECALL = "recall"  # 责令召回 / 下架
    WARNING = "warning"  # 警告
    CRITICISM = "criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATION = "confiscation"  # 没收违法所得、非法财物
    SUSPENSION = "suspension"  # 责令停产停业
    LICENCE_REVOCATION = "licence_revocation"  # 吊销许可证件
    CLOSURE = "closure"  # 责令关闭
    EMPLOYMENT_BAN = "employment_ban"  # 限制从业

    @property
    def chinese(self) -> str:
        return _CHINESE[self]

    @property
    def is_penalty(self) -> bool:
        """Whether it is an administrative penalty (行政处罚) rather than an order."""
        return self not in _NOT_PENALTIES


_NOT_PENALTIES = frozenset({Measure.INTERVIEW, Measure.ORDER_TO_CORRECT, Measure.RECALL})
_CHINESE = {
    Measure.INTERVIEW: "约谈", Measure.ORDER_TO_CORRECT: "责令改正", Measure.RECALL: "责令召回",
    Measure.WARNING: "警告", Measure.CRITICISM: "通报批评", Measure.FINE: "罚款",
    Measure.CONFISCATION: "没收违法所得", Measure.SUSPENSION: "责令停产停业",
    Measure.LICENCE_REVOCATION: "吊销许可证件", Measure.CLOSURE: "责令关闭",
    Measure.EMPLOYMENT_BAN: "限制从业",
}

MINOR_LADDER = (Measure.INTERVIEW, Measure.WARNING, Measure.ORDER_TO_CORRECT)
"""What a minor matter (情节轻微) is offered first."""


class Circumstance(StrEnum):
    """裁量情节: 从轻 lenient, 一般 ordinary, 从重 aggravated."""

    LENIENT = "lenient"
    ORDINARY = "ordinary"
    AGGRAVATED = "aggravated"

    @property
    def chinese(self) -> str:
        return {"lenient": "从轻", "ordinary": "一般", "aggravated": "从重"}[self.value]


class Outcome(StrEnum):
    """What a decision (决定) is: a penalty, no penalty (不予处罚), or the case dismissed
    (撤销案件)."""

    PENALTY = "penalty"
    NO_PENALTY = "no_penalty"
    DISMISSED = "dismissed"
