"""抽查计划 (IN-8) and its tasks: the plan's life cycle and what makes a task drawable.

draft → filed (备案 with the justice department, 司法局) → published. Tasks are added while
the plan is a draft; a task is drawn only once its plan is published. A task's matters are
all key-area (全覆盖, IN-5) or all ordinary, each owned by a department of the plan (a joint
plan, IN-4, lists several departments; a drawn object gets one visit for all matters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from shared.workdays import add_workdays

FILING_DEPARTMENT = "SF"
"""The department plans are filed with (司法局)."""
DRAFT, FILED, PUBLISHED = "draft", "filed", "published"
NEXT = {"file": (DRAFT, FILED), "publish": (FILED, PUBLISHED)}


class PlanRuleError(ValueError):
    """A step or a task the plan rules refuse; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def advance(status: str, step: str) -> str:
    """The status after ``step`` ("file" or "publish"), or ``PlanRuleError``."""
    before, after = NEXT[step]
    if status != before:
        raise PlanRuleError(f"a plan is {step}d only when it is {before}; this one is {status}")
    return after


@dataclass(frozen=True)
class MatterInfo:
    code: str
    department: str
    key_area: bool


@dataclass(frozen=True)
class TaskSpec:
    """What a task asks for, checked."""

    matters: tuple[MatterInfo, ...]
    key_area: bool
    ratio: str | None
    size: int | None
    window_start: date
    window_end: date


def check_task(plan_year: int, plan_departments: Sequence[str], codes: Sequence[str],
               catalogue: Mapping[str, MatterInfo], ratio: str | None, size: int | None,
               window_start: date, window_end: date) -> TaskSpec:
    if not codes or len(set(codes)) != len(codes):
        raise PlanRuleError("list each matter once, at least one", "matters")
    unknown = [c for c in codes if c not in catalogue]
    if unknown:
        raise PlanRuleError(f"matters not in the matter list: {', '.join(unknown)}", "matters")
    found = tuple(catalogue[c] for c in sorted(codes))
    foreign = [m.code for m in found if m.department not in plan_departments]
    if foreign:
        raise PlanRuleError(f"matters {', '.join(foreign)} belong to departments outside the "
                            f"plan ({', '.join(plan_departments)}); make it a joint plan",
                            "matters")
    if len({m.key_area for m in found}) > 1:
        raise PlanRuleError("mix of key-area (全覆盖) and ordinary matters; put them in "
                            "separate tasks", "matters")
    if ratio is not None and size is not None:
        raise PlanRuleError("give a sample ratio or a sample size, not both", "ratio")
    if ratio is not None:
        try:
            exact = Fraction(ratio)
        except (ValueError, ZeroDivisionError) as exc:
            raise PlanRuleError(f"ratio {ratio!r} is not a decimal like 0.05", "ratio") from exc
        if not 0 < exact <= 1:
            raise PlanRuleError("ratio must be above 0 and at most 1", "ratio")
    if window_end < window_start:
        raise PlanRuleError("window_end is before window_start", "window_end")
    if window_start.year != plan_year:
        raise PlanRuleError(f"the window starts in {window_start.year}, the plan is for "
                            f"{plan_year}", "window_start")
    if window_end.year > plan_year + 1:
        raise PlanRuleError(f"the window ends in {window_end.year}; a task of the {plan_year} "
                            f"plan ends by 31 December {plan_year + 1}", "window_end")
    return TaskSpec(found, found[0].key_area, ratio, size, window_start, window_end)


def results_due(window_end: date, deadline_workdays: int) -> date:
    """The last day to record results: ``deadline_workdays`` working days after the window
    (``PlanRuleError`` on ``window_end`` when the calendar cannot count that far)."""
    try:
        return add_workdays(window_end, deadline_workdays)
    except ValueError as exc:
        raise PlanRuleError(f"the results deadline, {deadline_workdays} working days after "
                            f"{window_end.isoformat()}, cannot be counted ({exc})",
                            "window_end") from exc
