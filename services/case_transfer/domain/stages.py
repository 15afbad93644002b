"""The full-process stages of a case (执法全过程, CT-4) and which step each allows.

立案 → 调查取证 → 法制审核 → 决定 → 送达 → 执行 → 结案, with a clue (线索) before 立案 and
a dropped clue (不予立案) as its end. A case being transferred waits for the receiver; a
case with a 行刑衔接 under way waits for the police before it can be decided or
concluded, and once the police filed it, it can end only as a judicial transfer.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    CLUE = "clue"  # 线索
    REGISTERED = "registered"  # 立案
    INVESTIGATING = "investigating"  # 调查取证
    LEGAL_REVIEW = "legal_review"  # 法制审核
    DECIDED = "decided"  # 决定
    SERVED = "served"  # 送达
    EXECUTED = "executed"  # 执行
    CONCLUDED = "concluded"  # 结案
    DROPPED = "dropped"  # 线索不予立案

    @property
    def chinese(self) -> str:
        return _CHINESE[self]


_CHINESE = {Stage.CLUE: "线索", Stage.REGISTERED: "立案", Stage.INVESTIGATING: "调查取证",
            Stage.LEGAL_REVIEW: "法制审核", Stage.DECIDED: "决定", Stage.SERVED: "送达",
            Stage.EXECUTED: "执行", Stage.CONCLUDED: "结案", Stage.DROPPED: "不予立案"}


class Step(StrEnum):
    """What a department does to a case, as the record names it."""

    REGISTER = "register"  # 立案 (a clue becomes a case)
    DROP = "drop"  # 不予立案
    EVIDENCE = "evidence"  # 调查取证
    SUBMIT_REVIEW = "submit_review"  # 提交法制审核
    DECIDE = "decide"  # 作出决定
    SERVE = "serve"  # 送达
    EXECUTE = "execute"  # 执行
    CONCLUDE = "conclude"  # 结案
    TRANSFER = "transfer"  # 移送
    PROPOSE_CRIMINAL = "propose_criminal_transfer"  # 提请移送公安
    COOPERATE = "cooperate"  # 联合执法 / 协查 / 督办


OPEN_CASE = frozenset({Stage.REGISTERED, Stage.INVESTIGATING, Stage.LEGAL_REVIEW})
ALLOWED: dict[Step, frozenset[Stage]] = {
    Step.REGISTER: frozenset({Stage.CLUE}),
    Step.DROP: frozenset({Stage.CLUE}),
    Step.EVIDENCE: frozenset({Stage.REGISTERED, Stage.INVESTIGATING}),
    Step.SUBMIT_REVIEW: frozenset({Stage.REGISTERED, Stage.INVESTIGATING}),
    Step.DECIDE: OPEN_CASE,
    Step.SERVE: frozenset({Stage.DECIDED}),
    Step.EXECUTE: frozenset({Stage.SERVED}),
    Step.CONCLUDE: frozenset({Stage.SERVED, Stage.EXECUTED}),
    Step.TRANSFER: frozenset({Stage.CLUE, Stage.REGISTERED, Stage.INVESTIGATING}),
    Step.PROPOSE_CRIMINAL: OPEN_CASE | {Stage.DECIDED, Stage.SERVED, Stage.EXECUTED},
    Step.COOPERATE: frozenset(Stage) - {Stage.CONCLUDED, Stage.DROPPED},
}


def refusal(step: Step, stage: Stage, *, transfer_pending: bool = False) -> str | None:
    """Why ``step`` cannot be taken on a case in ``stage`` now, or ``None``."""
    if transfer_pending:
        return (f"{step.value}: the case is being transferred and waits for the receiver "
                "to accept or return it")
    if stage not in ALLOWED[step]:
        allowed = ", ".join(f"{s.value} ({s.chinese})" for s in Stage if s in ALLOWED[step])
        return (f"{step.value} is not possible at stage {stage.value} ({stage.chinese}); "
                f"it needs a case at {allowed}")
    return None
