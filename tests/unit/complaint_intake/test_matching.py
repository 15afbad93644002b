"""Matching a named subject against the entity mirror (主体匹配, CP-1)."""

from __future__ import annotations

from services.complaint_intake.domain.matching import (
    best_match,
    entity_key,
    name_key,
)
from services.complaint_intake.domain.rules import ComplaintRules

MIRROR = [("91370211MA3C000001", "青岛海岸食品有限公司"),
          ("91370211MA3C000002", "青岛海岸食品有限公司黄岛分公司"),
          ("91370211MA3C000003", "青岛海洋科技有限公司")]


def test_the_same_name_written_differently_matches_fully(rules: ComplaintRules) -> None:
    found = best_match("青岛海岸食品有限公司 ", MIRROR, rules)
    assert found is not None and found.uscc == MIRROR[0][0] and found.score == 1.0
    assert name_key("ＡＢＣ（青岛）有限公司") == name_key("abc(青岛)有限公司")


def test_a_close_name_matches_the_most_similar_with_its_score(rules: ComplaintRules) -> None:
    found = best_match("青岛海岸食品公司", MIRROR, rules)
    assert found is not None and found.uscc == MIRROR[0][0]
    assert rules.entity_match.threshold <= found.score < 1.0


def test_an_unrelated_name_matches_nothing(rules: ComplaintRules) -> None:
    assert best_match("平度市老王烧烤店", MIRROR, rules) is None
    assert best_match("青岛海岸食品有限公司", [], rules) is None


def test_unmatched_names_key_by_name(rules: ComplaintRules) -> None:
    assert entity_key("91370211MA3C000001", "x") == "91370211MA3C000001"
    assert entity_key(None, "老王 烧烤店！") == "name:老王烧烤店"
