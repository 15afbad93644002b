"""The object draw: eligibility (IN-3, IN-5), sizes from the rules, order independence and
the published probability n/N (a chi-square test over many seeds)."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from services.inspection_draw.domain.keys import entity_key, key_uniform, uscc_key
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.roster import RosterError
from services.inspection_draw.domain.sampling import (
    DrawError,
    NoEligibleObject,
    draw_from_seed,
    eligibility,
    entity_keys,
    entity_uniform,
    smallest_keys,
    smallest_positions,
)
from services.inspection_draw.domain.strata import Stratum
from tests.unit.inspection_draw.factories import (
    RULES,
    entry,
    parameters,
    roster,
    seed_number,
)

MIXED = [(30, "A", False, None), (40, "B", False, None), (20, "C", False, "high"),
         (20, "D", False, None), (30, "B", True, "low"), (10, None, False, None)]


def test_fast_keys_equal_the_reference_definition() -> None:
    usccs = [e.uscc for e in roster([(50, "B", False, None)])]
    s = seed_number(1)
    keys = entity_keys(s, usccs)
    assert keys == [entity_key(uscc_key(u), s) for u in usccs]
    assert [key_uniform(k) for k in keys] == [entity_uniform(s, u) for u in usccs]


def test_the_draw_is_the_reference_top_k_of_every_stratum() -> None:
    """Re-derive the selection from the spec alone: per stratum the n smallest keys."""
    entries = roster(MIXED)
    for i in range(20):
        s = seed_number(i)
        result = draw_from_seed(entries, parameters(ratio="0.3"), s, RULES)
        assert result == draw_from_seed(entries, parameters(ratio="0.3"), s, RULES,
                                        reference=True)
        expected: list[str] = []
        for outcome in result.strata:
            members = sorted((entity_key(uscc_key(e.uscc), s), e.uscc) for e in entries
                             if Stratum.of(e) == outcome.key)
            assert len(members) == outcome.population
            expected += [u for _, u in members[:outcome.sample_size]]
        assert result.selected == tuple(sorted(expected))


def test_a_prepared_roster_is_reused_across_draws() -> None:
    entries = roster(MIXED)
    prepared = PreparedRoster.from_entries(entries)
    assert prepared.usccs == tuple(sorted(e.uscc for e in entries))
    assert prepared.uscc_keys.dtype == np.uint64
    assert prepared.strata == tuple(sorted({Stratum.of(e) for e in entries}))
    for i in range(5):
        for params in (parameters(), parameters(ratio="0.5"), parameters(key_area=True)):
            assert (draw_from_seed(prepared, params, seed_number(i), RULES)
                    == draw_from_seed(entries, params, seed_number(i), RULES))
    mask = eligibility(prepared, parameters(), RULES).mask
    assert [u for u, ok in zip(prepared.usccs, mask.tolist(), strict=True) if not ok] == sorted(
        e.uscc for e in entries if e.grade == "A")
    with pytest.raises(RosterError, match="listed twice"):
        PreparedRoster.from_entries([*entries, entries[3]])


def test_equal_keys_are_settled_by_uscc() -> None:
    keys = np.array([5, 3, 9, 3, 1, 3], dtype=np.uint64)
    assert smallest_positions(keys, 3).tolist() == [4, 1, 3]
    assert smallest_positions(keys, 2).tolist() == [4, 1]
    assert smallest_positions(keys, 0).tolist() == []
    assert smallest_positions(keys, 9).tolist() == [4, 1, 3, 5, 0, 2]
    entries = roster([(10, "B", False, None)])
    usccs = sorted(e.uscc for e in entries)
    same = dict.fromkeys(usccs, 12345)  # cached keys that all collide: the order is by USCC
    prepared = PreparedRoster.from_entries(entries[::-1], uscc_keys=same)
    result = draw_from_seed(prepared, parameters(size=4), seed_number(5), RULES)
    assert result.selected == tuple(usccs[:4])
    assert smallest_keys(seed_number(5), usccs[::-1], 3) == sorted(
        usccs, key=lambda u: entity_key(uscc_key(u), seed_number(5)))[:3]


def test_a_short_seed_or_a_non_ascii_uscc_is_refused() -> None:
    entries = roster([(5, "B", False, None)])
    with pytest.raises(DrawError, match="at least 16 bytes"):
        draw_from_seed(entries, parameters(), b"short", RULES)
    with pytest.raises(RosterError, match="ASCII"):
        draw_from_seed([*entries, entry("91370200MA3C00000Ａ")], parameters(), seed_number(0),
                       RULES)


def test_a_grade_is_never_drawn_for_ordinary_matters() -> None:
    entries = roster(MIXED)
    a_grade = {e.uscc for e in entries if e.grade == "A"}
    for i in range(200):
        result = draw_from_seed(entries, parameters(ratio="0.5"), seed_number(i), RULES)
        assert a_grade.isdisjoint(result.selected)
        assert {u for u, _ in result.excluded} == a_grade
    assert "非请勿扰" in result.excluded[0].reason


def test_b_and_c_already_inspected_this_year_are_never_drawn_again() -> None:
    entries = roster(MIXED)
    inspected = [entry(e.uscc, e.grade, risk=e.risk, inspected=True)
                 for e in entries[30:45] + entries[70:75]]  # 15 B and 5 C
    done = {e.uscc for e in inspected}
    entries = [e for e in entries if e.uscc not in done] + inspected
    d_inspected = entry("91370200MA3D000001", "D", inspected=True)  # D may be drawn again
    for i in range(200):
        result = draw_from_seed([*entries, d_inspected], parameters(ratio="1"), seed_number(i),
                                RULES)
        assert done.isdisjoint(result.selected)
        assert d_inspected.uscc in result.selected
    reasons = dict(result.excluded)
    assert all("at most once a calendar year" in reasons[u] for u in done)


def test_key_area_matters_list_everyone_in_scope() -> None:
    entries = roster(MIXED)
    entries[40] = entry(entries[40].uscc, "B", inspected=True)
    result = draw_from_seed(entries, parameters(key_area=True), seed_number(3), RULES)
    assert result.selected == tuple(sorted(e.uscc for e in entries))
    assert result.excluded == ()
    assert all(s.probability == 1 for s in result.strata)


def test_the_draw_does_not_depend_on_roster_order() -> None:
    entries = roster(MIXED)
    first = draw_from_seed(entries, parameters(), seed_number(9), RULES)
    for shuffle in range(5):
        shuffled = entries[:]
        random.Random(shuffle).shuffle(shuffled)
        assert draw_from_seed(shuffled, parameters(), seed_number(9), RULES) == first


def test_sizes_follow_the_grade_multipliers_and_the_no_penalty_reduction() -> None:
    entries = roster([(100, "B", False, None), (100, "C", False, None), (100, "D", False, None),
                      (100, "B", True, None), (100, "D", False, "high")])
    result = draw_from_seed(entries, parameters(), seed_number(2), RULES)
    strata = {(s.key.grade, s.key.risk, s.key.no_penalty_3y): s for s in result.strata}
    # 5% × 1, × 1.5, × 3, × 0.5 (CR-10), × 3 × 2 (risk high): expected sizes, exact
    expected = {("B", "", False): 5, ("C", "", False): Fraction(15, 2), ("D", "", False): 15,
                ("B", "", True): Fraction(5, 2), ("D", "high", False): 30}
    assert {k: s.expected_size for k, s in strata.items()} == expected
    for key, stratum in strata.items():  # a half is rounded up or down, at random
        assert stratum.sample_size in (int(expected[key]), -int(-expected[key] // 1))
        assert stratum.probability == Fraction(expected[key]) / 100
    assert len(result.selected) == 60  # the halves add up to a whole


def test_the_minimum_overall_ratio_tops_the_draw_up() -> None:
    entries = roster([(100, "B", True, "low")])  # 5% × 0.5 × 0.5 = 1.25
    result = draw_from_seed(entries, parameters(), seed_number(4), RULES)
    assert [s.sample_size for s in result.strata] == [5]  # ceil(5% of 100)
    assert len(result.selected) == 5


def test_a_requested_size_is_apportioned_by_weight() -> None:
    entries = roster([(100, "B", False, None), (100, "D", False, None)])
    result = draw_from_seed(entries, parameters(size=40), seed_number(4), RULES)
    assert [s.sample_size for s in result.strata] == [10, 30]


def test_no_eligible_object_explains_why() -> None:
    entries = roster([(5, "A", False, None)])
    with pytest.raises(NoEligibleObject, match=r"all 5 objects .*5 × grade A"):
        draw_from_seed(entries, parameters(), seed_number(0), RULES)


def test_each_stratum_is_drawn_with_its_published_probability() -> None:
    """80 objects in 4 strata whose expected sizes are whole, 2,000 seeds. Each object's
    inclusion count is Binomial(S, p); within a stratum the counts sum to S·n exactly, so the
    Pearson statistic scaled by (N−1)/N is χ²(N−1) (sampling without replacement). α = 0.01
    for the test as a whole: four strata, so 0.01/4 per stratum (Bonferroni); at 0.01 per
    stratum a perfect sampler would fail this fixed-seed test about 4% of the time."""
    entries = roster([(20, "B", False, None), (20, "C", False, None), (20, "D", False, None),
                      (20, "B", True, None)])
    params, seeds = parameters(ratio="0.2"), 2000
    counts: Counter[str] = Counter()
    for i in range(seeds):
        result = draw_from_seed(entries, params, seed_number(i), RULES)
        counts.update(result.selected)
    stratum_of = {e.uscc: Stratum(e.grade or "ungraded", "", e.no_penalty_3y) for e in entries}
    published = {s.key: s for s in result.strata}
    assert [published[k].sample_size for k in sorted(published)] == [4, 2, 6, 12]
    alpha = 0.01 / len(published)
    for key, outcome in published.items():
        members = [u for u in stratum_of if stratum_of[u] == key]
        p, n = outcome.probability, len(members)
        assert outcome.probability == Fraction(outcome.sample_size, outcome.population)
        assert outcome.expected_size == outcome.sample_size  # whole: no rounding here
        observed = [counts[u] for u in members]
        assert sum(observed) == seeds * outcome.sample_size
        expected = seeds * float(p)
        statistic = sum((c - expected) ** 2 for c in observed) / (expected * (1 - float(p)))
        p_value = stats.chi2.sf(statistic * (n - 1) / n, n - 1)
        assert p_value > alpha, f"{key.label}: frequencies {observed} vs p = {p}"
        plain = stats.chisquare(observed, [expected] * n)  # conservative here; same verdict
        assert plain.pvalue > alpha
