"""notice_rules.yaml is validated at start: a bad entry stops the service with the file,
the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.public_notice.domain.rules import DEFAULT_PATH, load_notice_rules
from shared.reference import ReferenceDataError

TEXT = DEFAULT_PATH.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT, old
    path = tmp_path / "notice_rules.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text in line)


def test_the_shipped_rules_load_with_their_version_and_every_kind() -> None:
    rules = load_notice_rules(DEFAULT_PATH, frozenset({"SCJG", "SCJG-370211", "SCJG-370283"}))
    assert rules.version == "2026.1"
    assert {"administrative_penalty", "draw_list", "blacklist"} <= set(rules.kinds)
    assert rules.record_kinds["inspection_result"] is None


def test_a_regular_expression_that_does_not_compile_is_named_with_its_line(tmp_path) -> None:
    path = broken(tmp_path, "(?P<value>艾滋病|HIV", "(?P<value>(艾滋病|HIV")
    with pytest.raises(ReferenceDataError) as raised:
        load_notice_rules(path)
    message = str(raised.value)
    assert f"notice_rules.yaml:{line_of(path, '(?P<value>(艾滋病')}:" in message
    assert "masking.rules[" in message and "not a valid regular expression" in message


def test_a_record_mapped_to_an_unknown_kind_is_refused(tmp_path) -> None:
    path = broken(tmp_path, "{record_kind: award, notice_kind: reward}",
                  "{record_kind: award, notice_kind: prize}")
    with pytest.raises(ReferenceDataError) as raised:
        load_notice_rules(path)
    assert f":{line_of(path, 'notice_kind: prize')}:" in str(raised.value)
    assert "notice_kind" in str(raised.value)


def test_a_department_not_in_the_reference_data_is_refused(tmp_path) -> None:
    path = broken(tmp_path, "departments: [SCJG, SCJG-370211, SCJG-370283]",
                  "departments: [SCJG, SCJGX]")
    with pytest.raises(ReferenceDataError, match=r'department "SCJGX" is not in '
                       r'departments\.yaml'):
        load_notice_rules(path, frozenset({"SCJG"}))


def test_a_fixed_period_without_months_is_refused(tmp_path) -> None:
    path = broken(tmp_path, "months: 36                   # 本系统设定: no rule", "# no months")
    with pytest.raises(ReferenceDataError, match="a fixed period needs months"):
        load_notice_rules(path)


def test_a_misspelt_key_is_named(tmp_path) -> None:
    path = broken(tmp_path, "takedown:\n  workdays: 5", "takedown:\n  workday: 5")
    with pytest.raises(ReferenceDataError, match="unexpected key"):
        load_notice_rules(path)
