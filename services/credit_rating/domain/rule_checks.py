"""Cross-checks of the credit rule set (信用评价规则一致性校验).

Each check yields a ``RuleProblem``: where in the file (a path of keys and list indexes,
as pydantic reports them) and what to change. The loader reports the first one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from services.credit_rating.domain.records import RecordKind, Severity
from services.credit_rating.domain.rule_models import CreditRuleFile, Grade, Grading

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class RuleProblem:
    location: Location
    problem: str


def rule_problems(
    rules: CreditRuleFile, departments: Collection[str], matter_categories: Mapping[str, str]
) -> Iterator[RuleProblem]:
    """Every inconsistency in ``rules``, in file order."""
    yield from _grading(rules.grading)
    yield from _publicity(rules)
    tolerance = rules.tolerance
    if not tolerance.min_years <= tolerance.default_years <= tolerance.max_years:
        yield RuleProblem(
            ("tolerance", "default_years"),
            f"must lie between min_years ({tolerance.min_years}) and max_years "
            f"({tolerance.max_years}); got {tolerance.default_years}",
        )
    codes = (entry.code for entry in rules.exemptions.entries)
    yield from _unique(("exemptions", "entries"), codes, "code")
    yield from _measures(rules, departments, matter_categories)
    yield from _risk(rules)


def _risk(rules: CreditRuleFile) -> Iterator[RuleProblem]:
    risk = rules.risk
    yield from _unique(("risk", "levels"), (band.level for band in risk.levels), "level")
    for index, band in enumerate(risk.levels):
        if index == 0 and band.min_score != 0:
            yield RuleProblem(("risk", "levels", 0, "min_score"),
                              "the lowest level starts at 0 so every score has a level")
        if index and band.min_score <= risk.levels[index - 1].min_score:
            yield RuleProblem(("risk", "levels", index, "min_score"),
                              f"levels go up: must be above {risk.levels[index - 1].min_score}")
    if risk.warn_from not in {band.level for band in risk.levels}:
        yield RuleProblem(("risk", "warn_from"), f'"{risk.warn_from}" is not one of the levels')
    for index, step in enumerate(risk.recency):
        before = risk.recency[index - 1] if index else None
        if before is not None and not (step.within_months > before.within_months
                                       and step.percent <= before.percent):
            yield RuleProblem(("risk", "recency", index),
                              "steps go back in time with a share that does not grow")
        if step.within_months > risk.window_months:
            yield RuleProblem(("risk", "recency", index, "within_months"),
                              f"beyond the window of {risk.window_months} months")


def _grading(grading: Grading) -> Iterator[RuleProblem]:
    dimensions = [dimension.code for dimension in grading.dimensions]
    yield from _unique(("grading", "dimensions"), dimensions, "code")
    total = sum(dimension.weight for dimension in grading.dimensions)
    if total != 100:
        yield RuleProblem(
            ("grading", "dimensions"),
            f"weights must add up to 100 (percent); they add up to {total}",
        )
    for name, entries, positive in (
        ("kinds", grading.kinds, False),
        ("bonuses", grading.bonuses, True),
    ):
        yield from _unique(("grading", name), (entry.kind for entry in entries), "kind")
        for index, entry in enumerate(entries):
            if entry.kind.positive != positive:
                other = "bonuses" if entry.kind.positive else "kinds"
                yield RuleProblem(
                    ("grading", name, index, "kind"),
                    f'"{entry.kind}" is a {"positive" if entry.kind.positive else "negative"} '
                    f"record kind; move it to grading.{other}",
                )
            if entry.dimension not in dimensions:
                yield RuleProblem(
                    ("grading", name, index, "dimension"),
                    f'"{entry.dimension}" is not one of the dimensions {", ".join(dimensions)}',
                )
    missing = [k for k in RecordKind if not k.positive and k not in {e.kind for e in grading.kinds}]
    if missing:
        yield RuleProblem(
            ("grading", "kinds"), f"no deductions for record kind(s) {', '.join(missing)}; add them"
        )
    yield from _grade_bands(grading)
    yield from _unique(("grading", "ceilings"), (c.when for c in grading.ceilings), "when")


def _grade_bands(grading: Grading) -> Iterator[RuleProblem]:
    previous: int | None = None
    for index, (band, expected) in enumerate(zip(grading.grades, Grade, strict=True)):
        where: Location = ("grading", "grades", index)
        if band.grade != expected:
            yield RuleProblem(
                (*where, "grade"),
                f"grades must be listed A, B, C, D; expected {expected} here, got {band.grade}",
            )
        if previous is not None and band.min_score >= previous:
            yield RuleProblem(
                (*where, "min_score"),
                f"must be lower than the better grade's min_score ({previous}); "
                f"got {band.min_score}",
            )
        previous = band.min_score
    if grading.grades[-1].min_score != 0:
        yield RuleProblem(
            ("grading", "grades", 3, "min_score"),
            "grade D must start at 0 so every score has a grade",
        )


def _publicity(rules: CreditRuleFile) -> Iterator[RuleProblem]:
    yield from _unique(("publicity",), (regime.code for regime in rules.publicity), "code")
    for index, regime in enumerate(rules.publicity):
        if index and regime.effective_from <= rules.publicity[index - 1].effective_from:
            yield RuleProblem(
                ("publicity", index, "effective_from"),
                f"regimes must be in date order; {regime.effective_from} is not after "
                f"{rules.publicity[index - 1].effective_from} of the regime before",
            )
        for severity in Severity:
            period = regime.of(severity)
            where: Location = ("publicity", index, severity.value)
            if period.published and period.maximum_months is None:
                yield RuleProblem(where, "a published severity needs maximum_months")
            low, high = period.minimum_months, period.maximum_months
            if low is not None and high is not None and low > high:
                yield RuleProblem(
                    (*where, "minimum_months"),
                    f"minimum_months ({low}) is longer than maximum_months ({high})",
                )


def _measures(
    rules: CreditRuleFile, departments: Collection[str], matter_categories: Mapping[str, str]
) -> Iterator[RuleProblem]:
    yield from _unique(("measures",), (measure.code for measure in rules.measures), "code")
    categories = set(matter_categories.values())
    for index, measure in enumerate(rules.measures):
        if measure.department not in departments:
            yield RuleProblem(
                ("measures", index, "department"),
                f'department "{measure.department}" is not in departments.yaml',
            )
        for position, matter in enumerate(measure.matters):
            if matter not in matter_categories and matter not in categories:
                yield RuleProblem(
                    ("measures", index, "matters", position),
                    f'"{matter}" is neither a matter code nor a category in matters.yaml',
                )


def _unique(where: Location, values: Iterable[object], key: str) -> Iterator[RuleProblem]:
    first_seen: dict[object, int] = {}
    for index, value in enumerate(values):
        if value in first_seen:
            yield RuleProblem(
                (*where, index, key),
                f'duplicate {key}; "{value}" is already entry {first_seen[value] + 1}',
            )
        first_seen.setdefault(value, index)
