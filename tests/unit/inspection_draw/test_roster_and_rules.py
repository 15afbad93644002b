"""The roster snapshot hash (order-independent) and the draw rules file (随机抽查细则)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from services.inspection_draw.domain.roster import (
    RosterEntry,
    RosterError,
    canonical_roster,
    roster_hash,
)
from services.inspection_draw.domain.rules import DEFAULT_PATH, load_draw_rules
from shared.reference import ReferenceDataError
from tests.unit.inspection_draw.factories import RULES, entry, roster


def test_roster_hash_ignores_row_order_and_sees_every_field() -> None:
    entries = roster([(20, "B", False, None), (5, None, True, "high")])
    shuffled = entries[:]
    random.Random(1).shuffle(shuffled)
    assert roster_hash(shuffled) == roster_hash(entries)
    changed = [*entries[:-1], entry(entries[-1].uscc, None, no_penalty=True, risk="low")]
    assert roster_hash(changed) != roster_hash(entries)
    lines = canonical_roster(entries)
    assert [RosterEntry.from_line(line) for line in lines] == sorted(entries,
                                                                     key=lambda e: e.uscc)


def test_a_uscc_listed_twice_is_refused() -> None:
    entries = roster([(3, "B", False, None)])
    with pytest.raises(RosterError, match=f"{entries[0].uscc} is listed twice"):
        roster_hash([*entries, entries[0]])


def test_the_shipped_rules_hold_the_starting_values() -> None:
    assert str(RULES.sampling.base_ratio) == "0.05"
    assert [str(RULES.grade(g).multiplier) for g in "ABCD"] == ["0", "1", "1.5", "3"]
    assert RULES.grade(None).grade == "ungraded"
    assert RULES.inspectors.min_per_visit == 2


def test_a_bad_rules_file_names_file_line_entry_and_problem(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "draw_rules.yaml"
    bad.write_text(text.replace("{grade: C, multiplier: 1.5", "{grade: C, multiplier: lots"),
                   encoding="utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_draw_rules(bad)
    message = str(raised.value)
    assert str(bad) in message and 'entry 3 (grade "C")' in message
    assert "grades[3].multiplier" in message
    bad.write_text(text.replace("  - {grade: D,", "  - {grade: B,"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="grades must list A, B, C, D and ungraded"):
        load_draw_rules(bad)
