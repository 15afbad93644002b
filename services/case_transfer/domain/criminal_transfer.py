"""行刑衔接 as a state machine (CT-2, 国务院令第310号).

proposed (承办人提请) → approved / not_approved (负责人 3 日内决定) → delivered (24 小时内
移送公安, with the four documents) → filed / not_filed (公安 3 日内决定) → after
not_filed the agency may ask reconsideration within 3 days (reconsideration_asked), which
the police answer within 3 days: reversed (filed) or upheld.

Each step names the one state it starts from; :func:`refusal` says why a step is not
possible, naming the step and the state. A late step is still taken (the duty stays) and
its lateness is escalated by the sweep; only the agency's own right to ask
reconsideration lapses with its deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class CriminalState(StrEnum):
    PROPOSED = "proposed"  # 提请移送, waiting for the head
    APPROVED = "approved"  # 批准移送, to reach the police within 24 hours
    NOT_APPROVED = "not_approved"  # 不批准移送
    DELIVERED = "delivered"  # 已移送公安, waiting for the police
    FILED = "filed"  # 公安立案
    NOT_FILED = "not_filed"  # 不予立案
    RECONSIDERATION_ASKED = "reconsideration_asked"  # 提请复议
    UPHELD = "upheld"  # 复议维持不予立案

    @property
    def chinese(self) -> str:
        return _CHINESE[self]


_CHINESE = {
    CriminalState.PROPOSED: "已提请, 待负责人决定", CriminalState.APPROVED: "已批准, 待移送",
    CriminalState.NOT_APPROVED: "不批准移送", CriminalState.DELIVERED: "已移送, 待公安决定",
    CriminalState.FILED: "公安已立案", CriminalState.NOT_FILED: "公安不予立案",
    CriminalState.RECONSIDERATION_ASKED: "已提请复议", CriminalState.UPHELD: "复议维持不予立案",
}


class CriminalStep(StrEnum):
    HEAD_DECISION = "head_decision"  # 负责人决定
    DELIVERY = "delivery"  # 移送公安
    POLICE_DECISION = "police_decision"  # 公安决定
    RECONSIDERATION = "reconsideration"  # 提请复议
    RECONSIDERATION_ANSWER = "reconsideration_answer"  # 复议决定


FROM_STATE = {
    CriminalStep.HEAD_DECISION: CriminalState.PROPOSED,
    CriminalStep.DELIVERY: CriminalState.APPROVED,
    CriminalStep.POLICE_DECISION: CriminalState.DELIVERED,
    CriminalStep.RECONSIDERATION: CriminalState.NOT_FILED,
    CriminalStep.RECONSIDERATION_ANSWER: CriminalState.RECONSIDERATION_ASKED,
}

UNDER_WAY = frozenset({CriminalState.PROPOSED, CriminalState.APPROVED, CriminalState.DELIVERED,
                       CriminalState.RECONSIDERATION_ASKED})
"""States in which the administrative case waits: no decision, no conclusion."""
ENDED_WITHOUT_CRIME = frozenset({CriminalState.NOT_APPROVED, CriminalState.NOT_FILED,
                                 CriminalState.UPHELD})
"""States after which the agency may handle the case administratively, or propose anew."""


def refusal(step: CriminalStep, state: CriminalState | None) -> str | None:
    """Why ``step`` is not possible in ``state`` (``None``: no transfer proposed)."""
    needed = FROM_STATE[step]
    if state is None:
        return f"{step.value}: the case has no 行刑衔接 transfer; propose one first"
    if state is not needed:
        return (f"{step.value} needs a transfer in state {needed.value} ({needed.chinese}); "
                f"this one is {state.value} ({state.chinese})")
    return None


def proposal_refusal(state: CriminalState | None) -> str | None:
    """Why a new 行刑衔接 proposal is refused: one is already under way, or filed."""
    if state in UNDER_WAY:
        return f"a 行刑衔接 transfer of this case is already {state.value} ({state.chinese})"
    if state is CriminalState.FILED:
        return "the police already filed this case (公安已立案); there is nothing to propose"
    return None


def officers_problem(officers: Iterable[str], min_officers: int) -> str | None:
    """Why the officers on the case are not enough (at least ``min_officers`` distinct)."""
    distinct = sorted(set(officers))
    if len(distinct) < min_officers:
        return (f"at least {min_officers} officers must be on the case "
                f"(执法人员不少于{min_officers}人); it has {len(distinct)}: "
                f"{', '.join(distinct) or 'none'}")
    return None


def missing_documents(required: Iterable[tuple[str, str]], given: Iterable[str]) -> list[str]:
    """The required documents (``(kind, name)``) not among the ``given`` kinds, as
    ``name (kind)``."""
    have = set(given)
    return [f"{name} ({kind})" for kind, name in required if kind not in have]
