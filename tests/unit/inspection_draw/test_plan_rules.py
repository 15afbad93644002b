"""The plan life cycle (IN-8) and what makes a task drawable (IN-4, IN-5)."""

from __future__ import annotations

from datetime import date

import pytest

from services.inspection_draw.domain.plan import (
    MatterInfo,
    PlanRuleError,
    advance,
    check_task,
    results_due,
)
from shared.workdays import workdays_between

CATALOGUE = {m.code: m for m in (MatterInfo("SCJG-008", "SCJG", False),
                                 MatterInfo("SCJG-001", "SCJG", True),
                                 MatterInfo("STHJ-001", "STHJ", False))}
WINDOW = (date(2026, 3, 1), date(2026, 6, 30))


def test_a_plan_is_filed_before_it_is_published_and_only_once() -> None:
    assert advance("draft", "file") == "filed"
    assert advance("filed", "publish") == "published"
    for status, step in (("draft", "publish"), ("filed", "file"), ("published", "publish")):
        with pytest.raises(PlanRuleError):
            advance(status, step)


def test_a_joint_task_needs_a_joint_plan_and_one_kind_of_matter() -> None:
    joint = check_task(2026, ["SCJG", "STHJ"], ["STHJ-001", "SCJG-008"], CATALOGUE, None, None,
                       *WINDOW)
    assert [m.code for m in joint.matters] == ["SCJG-008", "STHJ-001"] and not joint.key_area
    assert check_task(2026, ["SCJG"], ["SCJG-001"], CATALOGUE, None, None, *WINDOW).key_area
    refused = [
        (["SCJG"], ["STHJ-001"], None, None, WINDOW, "matters"),
        (["SCJG"], ["SCJG-008", "SCJG-001"], None, None, WINDOW, "matters"),
        (["SCJG"], ["SCJG-008", "SCJG-008"], None, None, WINDOW, "matters"),
        (["SCJG"], ["SCJG-008"], "0.1", 5, WINDOW, "ratio"),
        (["SCJG"], ["SCJG-008"], "1.5", None, WINDOW, "ratio"),
        (["SCJG"], ["SCJG-008"], None, None, (date(2026, 6, 1), date(2026, 5, 1)),
         "window_end"),
        (["SCJG"], ["SCJG-008"], None, None, (date(2025, 6, 1), date(2026, 5, 1)),
         "window_start"),
    ]
    for departments, codes, ratio, size, window, field in refused:
        with pytest.raises(PlanRuleError) as caught:
            check_task(2026, departments, codes, CATALOGUE, ratio, size, *window)
        assert caught.value.field == field


def test_results_are_due_twenty_working_days_after_the_window() -> None:
    end = date(2026, 9, 25)  # the National Day holiday falls inside the count
    due = results_due(end, 20)
    assert workdays_between(end, due) == 20 and (due - end).days > 28


def test_a_window_ends_by_the_end_of_the_next_year_and_within_the_calendar() -> None:
    across = check_task(2026, ["SCJG"], ["SCJG-008"], CATALOGUE, None, None,
                        date(2026, 11, 1), date(2027, 2, 28))
    assert across.window_end == date(2027, 2, 28)
    with pytest.raises(PlanRuleError) as caught:
        check_task(2026, ["SCJG"], ["SCJG-008"], CATALOGUE, None, None,
                   date(2026, 11, 1), date(2028, 1, 1))
    assert caught.value.field == "window_end" and "31 December 2027" in str(caught.value)
    with pytest.raises(PlanRuleError) as caught:  # the count would run into 2100
        results_due(date(2099, 12, 31), 20)
    assert caught.value.field == "window_end" and "2099-12-31" in str(caught.value)
