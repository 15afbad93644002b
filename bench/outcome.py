"""What a benchmark found: its line, and each goal with the figure measured against it.

``make bench`` prints every benchmark's line as it finishes, then one table of the
goals (:func:`table`), so a reader sees at a glance which figure missed which goal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """One figure and its goal: ``value`` must be at least (or at most) ``target``."""

    measure: str  # what was measured against what, in a few words
    value: float
    target: float
    unit: str  # "%" (a ratio shown as a percentage), "×", "ms" or a rate such as "ev/s"
    at_least: bool = True

    @property
    def met(self) -> bool:
        return self.value >= self.target if self.at_least else self.value <= self.target

    def shown(self, value: float) -> str:
        if self.unit == "%":
            return f"{value:.0%}"
        if self.unit == "×":
            return f"{value:.2f}×"
        if self.unit == "ms":
            return f"{value:.1f} ms"
        return f"{value:,.0f} {self.unit}"

    @property
    def goal(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.shown(self.target)}"


@dataclass(frozen=True)
class Outcome:
    """A benchmark's line, its goals, and whether the run was sound besides (no failed
    request, every event accounted for): a fast run that lost work is no pass."""

    line: str
    goals: tuple[Goal, ...]
    sound: bool = True

    @property
    def ok(self) -> bool:
        return self.sound and all(goal.met for goal in self.goals)


def table(results: Sequence[tuple[str, Outcome, float]]) -> str:
    """The goals of ``(benchmark, outcome, seconds it took)`` as one aligned table."""
    rows = [("benchmark", "measure", "figure", "goal", "", "took")]
    for name, outcome, seconds in results:
        for index, goal in enumerate(outcome.goals):
            rows.append((name if index == 0 else "", goal.measure, goal.shown(goal.value),
                         goal.goal, "PASS" if goal.met else "MISS",
                         f"{seconds:.0f} s" if index == 0 else ""))
        if not outcome.sound:
            rows.append(("", "the run lost or failed work (see its line)", "", "", "MISS", ""))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (width - _width(cell))
                                for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in rows)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
