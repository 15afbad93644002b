"""The risk warning model (风险预警模型, CR-11), evaluated on a synthetic history: a score
that explains itself, levels from the rule data, and the properties a department relies
on (more, worse or newer violations never lower the risk; time alone never raises it)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from services.credit_rating.domain.risk import assess_risk, warns
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import record

AS_OF = date(2026, 11, 25)
KINDS = [RecordKind.ADMINISTRATIVE_PENALTY, RecordKind.INSPECTION_RESULT,
         RecordKind.SUBSTANTIATED_COMPLAINT, RecordKind.BROKEN_COMMITMENT]


def history(seed: int) -> list:  # type: ignore[type-arg]
    """One entity's synthetic history: up to 12 records over four years."""
    rng = random.Random(seed)
    return [record(f"s{seed}-{n}", rng.choice(list(Severity)),
                   AS_OF - timedelta(days=rng.randrange(0, 4 * 365)),
                   kind=rng.choice(KINDS), status=rng.choice(
                       [RecordStatus.ACTIVE] * 6 + [RecordStatus.EXPIRED, RecordStatus.REPAIRED,
                                                    RecordStatus.EXEMPTED]))
            for n in range(rng.randrange(0, 13))]


SYNTHETIC = [history(seed) for seed in range(400)]


def test_three_recent_general_violations_are_a_high_risk_and_explained(
        rules: CreditRules) -> None:
    records = [record(f"g{n}", Severity.GENERAL, AS_OF - timedelta(days=20 * n))
               for n in range(1, 4)]
    found = assess_risk(records, rules, AS_OF)
    assert (found.score, found.level, found.label, found.model) == (
        36 + 16, "high", "较高风险", rules.risk.model)
    assert [(f.component, f.points) for f in found.factors] == [
        ("severity", 12), ("severity", 12), ("severity", 12), ("frequency", 16)]
    assert found.factors[-1].record_ids == ("g3", "g2", "g1")


def test_a_serious_record_weighs_by_its_age(rules: CreditRules) -> None:
    def score(days: int) -> int:
        return assess_risk([record("s", Severity.SERIOUS, AS_OF - timedelta(days=days))],
                           rules, AS_OF).score
    assert [score(10), score(200), score(500), score(800)] == [30, 18, 9, 0]


def test_complaints_count_on_their_own(rules: CreditRules) -> None:
    complaint = record("c", Severity.MINOR, AS_OF - timedelta(days=30),
                       kind=RecordKind.SUBSTANTIATED_COMPLAINT)
    found = assess_risk([complaint], rules, AS_OF)
    assert [(f.component, f.points) for f in found.factors] == [
        ("severity", 4), ("complaints", 6)]


@pytest.mark.parametrize("records", SYNTHETIC[:200])
def test_every_point_is_a_factor_and_the_level_is_the_band(rules: CreditRules,
                                                            records: list) -> None:  # type: ignore[type-arg]
    found = assess_risk(records, rules, AS_OF)
    assert found.score == sum(f.points for f in found.factors)
    band = [b for b in rules.risk.levels if found.score >= b.min_score][-1]
    assert (found.level, found.label) == (band.level, band.label)
    ids = {r.id for r in records}
    assert all(f.points > 0 and set(f.record_ids) <= ids for f in found.factors)
    counted = {r.id for r in records if r.status not in (RecordStatus.REPAIRED,
                                                         RecordStatus.EXEMPTED)}
    assert {i for f in found.factors for i in f.record_ids} <= counted


def test_on_the_synthetic_history_more_newer_worse_never_lowers_and_time_never_raises(
        rules: CreditRules) -> None:
    levels = {}
    for records in SYNTHETIC:
        now = assess_risk(records, rules, AS_OF)
        later = assess_risk(records, rules, add_months(AS_OF, 6))
        assert later.score <= now.score, "time alone raised the risk"
        more = assess_risk([*records, record("new", Severity.MINOR, AS_OF)], rules, AS_OF)
        assert more.score > now.score
        worse = [replace(r, severity=Severity.SERIOUS) for r in records]
        assert assess_risk(worse, rules, AS_OF).score >= now.score
        levels[now.level] = levels.get(now.level, 0) + 1
    assert set(levels) == {"low", "medium", "high", "critical"}, levels  # the bands are used


def test_a_warning_is_a_rise_across_the_threshold(rules: CreditRules) -> None:
    assert warns(None, "high", rules) and warns("medium", "critical", rules)
    assert not warns("high", "critical", rules) and not warns("critical", "medium", rules)
    assert not warns("low", "medium", rules)


def test_the_model_is_rule_data(rules: CreditRules) -> None:
    stricter = replace(rules, risk=rules.risk.model_copy(update={"warn_from": "medium"}))
    assert warns("low", "medium", stricter)
    heavier = replace(rules, risk=rules.risk.model_copy(update={
        "severity_points": rules.risk.severity_points.model_copy(update={"minor": 40})}))
    one = [record("m", Severity.MINOR, AS_OF - timedelta(days=5))]
    assert (assess_risk(one, rules, AS_OF).level,
            assess_risk(one, heavier, AS_OF).level) == ("low", "high")
