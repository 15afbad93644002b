"""Every eligible object has a published probability above 0 (issue 15.5), and three years
without penalty lowers it (CR-10, issue 16.10), visible in the strata and n/N."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from scipy import stats

from services.inspection_draw.domain.rules import parse_draw_rules
from services.inspection_draw.domain.sampling import draw_from_seed
from tests.unit.inspection_draw.factories import RULES, parameters, roster, seed_number

SEEDS = 2000


def without_minimum():  # type: ignore[no-untyped-def]
    snapshot = RULES.model_dump(mode="json")
    snapshot["sampling"]["minimum_overall_ratio"] = "0"
    return parse_draw_rules(snapshot)


def test_a_ratio_that_rounds_a_stratum_below_one_still_gives_it_its_probability() -> None:
    entries = roster([(42, "B", False, None), (958, "D", False, None)])  # 0.01: B expects 0.42
    rules = without_minimum()
    sizes: Counter[int] = Counter()
    drawn: Counter[str] = Counter()
    b_grade = {e.uscc for e in entries if e.grade == "B"}
    for i in range(SEEDS):
        result = draw_from_seed(entries, parameters(ratio="0.01"), seed_number(i), rules)
        b = next(s for s in result.strata if s.key.grade == "B")
        assert (b.expected_size, b.probability) == (Fraction(42, 100), Fraction(1, 100))
        sizes[b.sample_size] += 1
        drawn.update(u for u in result.selected if u in b_grade)
    assert set(sizes) == {0, 1}  # n is 0 or 1, never silently 0 for everyone
    assert stats.binomtest(sizes[1], SEEDS, 0.42).pvalue > 0.001
    assert sum(drawn.values()) == sizes[1]  # each B object about 2000 × 1/100 times
    assert stats.chisquare([drawn[u] for u in sorted(b_grade)]).pvalue > 0.001


def test_three_years_without_penalty_halves_the_probability_in_the_strata() -> None:
    entries = roster([(40, "B", False, None), (40, "B", True, None)])
    result = draw_from_seed(entries, parameters(ratio="0.1"), seed_number(1), RULES)
    penalised, clean = sorted(result.strata, key=lambda s: s.key.no_penalty_3y)
    assert (penalised.probability, clean.probability) == (Fraction(1, 10), Fraction(1, 20))
    assert (penalised.sample_size, clean.sample_size) == (4, 2)  # n/N: 4/40 and 2/40


def test_the_minimum_ratio_tops_up_without_undoing_the_reduction() -> None:
    # base 5% = minimum 5%: 5 + 2.5 < 10, so both strata scale up by one factor
    entries = roster([(100, "B", False, None), (100, "B", True, None)])
    result = draw_from_seed(entries, parameters(), seed_number(3), RULES)
    penalised, clean = sorted(result.strata, key=lambda s: s.key.no_penalty_3y)
    assert (penalised.expected_size, clean.expected_size) == (Fraction(20, 3), Fraction(10, 3))
    assert clean.probability * 2 == penalised.probability
    assert len(result.selected) == 10


def test_a_zero_multiplier_excludes_its_objects_with_the_reason_instead_of_a_zero() -> None:
    snapshot = RULES.model_dump(mode="json")
    snapshot["risks"] = [*snapshot["risks"], {"level": "none", "multiplier": "0"}]
    rules = parse_draw_rules(snapshot)
    entries = roster([(10, "B", False, "none"), (10, "D", False, None)])
    result = draw_from_seed(entries, parameters(ratio="0.5"), seed_number(0), rules)
    assert [s.key.grade for s in result.strata] == ["D"]
    assert {r for _, r in result.excluded} == {
        f"risk level none: multiplier 0 in draw rules {RULES.version}, not drawn for "
        "ordinary matters"}
