"""The credit rule set (信用评价规则): the shipped file loads; a broken copy is refused
with the file, the line, the entry and the problem in the message."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from services.credit_rating.domain.records import RecordKind
from services.credit_rating.domain.rules import DEFAULT_PATH, CreditRules, load_credit_rules
from shared.reference import DEFAULT_DIRECTORY, ReferenceDataError, load_reference


def test_shipped_rules_load_with_their_version_and_tables(rules: CreditRules) -> None:
    assert rules.version == "2026.1"
    assert [band.label for band in rules.grading.grades] == [
        "诚信守法",
        "轻微失信",
        "一般失信",
        "严重失信",
    ]
    assert sum(dimension.weight for dimension in rules.grading.dimensions) == 100
    assert [regime.effective_from for regime in rules.publicity][-1] == date(2026, 4, 1)
    assert 8 <= len(rules.exemptions.entries) <= 15
    assert 8 <= len(rules.measures) <= 12
    assert {rule.kind for rule in rules.grading.kinds} == {k for k in RecordKind if not k.positive}


def test_shipped_rules_load_against_loaded_reference_data() -> None:
    loaded = load_credit_rules(DEFAULT_PATH, reference=load_reference(DEFAULT_DIRECTORY))
    assert loaded.matter_categories["SCJG-001"] == "food_safety"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """credit_rules.yaml with the departments and matters it is checked against."""
    for name in ("credit_rules.yaml", "departments.yaml", "matters.yaml"):
        shutil.copy(DEFAULT_DIRECTORY / name, tmp_path / name)
    return tmp_path / "credit_rules.yaml"


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` and return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def refusal(path: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load_credit_rules(path)
    return str(caught.value)


def test_unknown_measure_department_names_file_line_entry_and_problem(copy: Path) -> None:
    edit(copy, "code: LHCJ-08", "code: LHCJ-08")
    line = edit(copy, "department: JTYS", "department: JTJ")
    message = refusal(copy)
    assert message.startswith(f'{copy}:{line}: entry 8 (code "LHCJ-08"): ')
    assert 'measures[8].department: department "JTJ" is not in departments.yaml' in message


def test_unknown_record_kind_lists_the_valid_ones(copy: Path) -> None:
    line = edit(copy, "kind: inspection_result ", "kind: spot_check ")
    message = refusal(copy)
    assert f'{copy}:{line}: entry 4 (kind "spot_check"): grading.kinds[4].kind:' in message
    assert "'administrative_penalty'" in message and "'kept_commitment'" in message


def test_negative_deduction_is_refused_at_its_line(copy: Path) -> None:
    line = edit(
        copy, "{minor: 3, general: 10, serious: 30}", "{minor: -3, general: 10, serious: 30}"
    )
    message = refusal(copy)
    assert f"{copy}:{line}: entry 4" in message
    assert (
        "grading.kinds[4].deductions.minor: Input should be greater than or equal to 0" in message
    )


def test_weights_that_do_not_add_up_are_refused(copy: Path) -> None:
    edit(copy, "weight: 25", "weight: 30")
    assert "grading.dimensions: weights must add up to 100 (percent); they add up to 105" in (
        refusal(copy)
    )


def test_matter_that_is_neither_code_nor_category_is_refused(copy: Path) -> None:
    edit(copy, "matters: [road_transport]", "matters: [road_trafic]")
    message = refusal(copy)
    assert 'entry 8 (code "LHCJ-08")' in message
    assert '"road_trafic" is neither a matter code nor a category in matters.yaml' in message


def test_regimes_out_of_date_order_are_refused(copy: Path) -> None:
    edit(copy, "effective_from: 2026-04-01", "effective_from: 2019-01-01")
    message = refusal(copy)
    assert (
        'entry 2 (code "NDRC-36"): publicity[2].effective_from: regimes must be in date' in message
    )


def test_misspelt_key_is_named(copy: Path) -> None:
    line = edit(copy, "  listing_months: 12", "  listing_month: 12")
    message = refusal(copy)
    assert f"{copy}:{line}: watchlist.listing_month: unexpected key" in message
    assert "(expected listing_months)" in message


def test_rules_file_alone_asks_for_departments_yaml(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_PATH, tmp_path / "credit_rules.yaml")
    message = refusal(tmp_path / "credit_rules.yaml")
    assert "departments.yaml: file not found" in message


def test_invalid_yaml_names_the_line(copy: Path) -> None:
    line = edit(copy, "  bonus_cap: 10", "  bonus_cap: [10")
    message = refusal(copy)
    assert f"{copy}:" in message and "not valid YAML" in message
    assert int(message.split(":")[1]) >= line


@pytest.mark.parametrize(("old", "new", "words"), [
    ("label: 较高风险, min_score: 40}", "label: 较高风险, min_score: 10}", "levels go up"),
    ("warn_from: high", "warn_from: severe", "not one of the levels"),
    ("{within_months: 24, percent: 30}", "{within_months: 24, percent: 70}",
     "does not grow"),
    ("serious_records: decision", "serious_records: sometimes", "automatic"),
    ("abnormal_list: automatic", "abnormal_list: decision", "automatic"),
])
def test_a_broken_risk_model_or_listing_rule_is_refused(copy: Path, old: str, new: str,
                                                        words: str) -> None:
    line = edit(copy, old, new)
    message = refusal(copy)
    assert words in message and f"credit_rules.yaml:{line}" in message, message
