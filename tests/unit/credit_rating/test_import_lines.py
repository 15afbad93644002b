"""Bulk import lines (批量导入): the quick check agrees with ``EntityRegistration``.

Lines the quick check passes must be lines the model passes, with the same values;
every other line gets the model's own verdict and reasons.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from services.credit_rating.handlers.bulk_import import csv_rows, registration_of, why_invalid
from services.credit_rating.handlers.commands import EntityRegistration
from services.credit_rating.handlers.registration_lines import plain_registration
from services.credit_rating.handlers.steps.registry_rows import registry_values
from shared.uscc import generate_many

CODE, OTHER = generate_many(2, seed=7)
WRONG_CHECK = CODE[:17] + ("0" if CODE[17] != "0" else "1")
LINE = {"uscc": CODE, "name": "青岛海岸食品有限公司", "legal_representative": "张三",
        "registered_address": "青岛市市南区香港中路 1 号, 2 楼", "region": "370202",
        "industry": "F5211", "established_on": "2020-01-02"}
ORGANISATION_WRONG = "91370211712345670Y"  # position 18 holds, position 17 (GB 11714) not
GOOD = [
    {}, {"new_economy": True, "tolerance_until": "2027-12-31"},
    {"new_economy": True, "tolerance_until": "2020-01-02"}, {"new_economy": False},
    {"legal_representative": None},
    {"registered_address": None, "tolerance_until": None}, {"industry": "C"},
    {"industry": "13"}, {"industry": "C1391"}, {"uscc": OTHER}, {"name": "x" * 200},
    {"established_on": "1949-10-01"}, {"established_on": "2024-02-29"},
    {"established_on": "2099-12-31"}, {"name": "A\"B\\C"},
    {"extra": "ignored"}, {"name": "名称\u200b"},
]
ALSO_GOOD = [  # the model takes them; the quick check leaves them to it
    {"uscc": CODE.lower()}, {"uscc": f" {CODE} "},
    {"name": "  甲公司  "}, {"name": "\u3000甲公司\u3000"},
    {"name": "甲\n"}, {"region": " 370202"}, {"legal_representative": "  "},
]
BAD = [
    {"uscc": WRONG_CHECK}, {"uscc": ORGANISATION_WRONG}, {"uscc": ORGANISATION_WRONG.lower()},
    {"uscc": CODE[:9] + " " + CODE[9:]}, {"name": "\x1c甲公司"}, {"name": "甲\x00公司"},
    {"registered_address": "青岛\x7f"}, {"legal_representative": "张\x85三"},
    {"region": "３７０２１１"}, {"industry": "٣٧"},
    {"uscc": "91370200XXXXXXXXXX"}, {"uscc": CODE[:17]},
    {"uscc": "O" + CODE[1:]}, {"uscc": "Z1" + CODE[2:]}, {"uscc": 91370200}, {"uscc": None},
    {"name": ""}, {"name": "x" * 201}, {"name": None}, {"name": 5}, {"name": "a\ud800b"},
    {"legal_representative": "x" * 101}, {"registered_address": "x" * 301},
    {"region": "37021"}, {"region": "37021a"}, {"region": 370202}, {"industry": "Z12"},
    {"industry": "C1"}, {"industry": "C12345"}, {"established_on": "2020-02-30"},
    {"established_on": "20200102"}, {"established_on": "2020-1-2"},
    {"established_on": "0000-01-01"}, {"established_on": "0001-01-01"},
    {"established_on": "1949-09-30"}, {"established_on": "2100-01-01"},
    {"established_on": "9999-12-31"}, {"established_on": 0}, {"established_on": 20200102},
    {"established_on": "2020-01-02T00:00:00"}, {"established_on": " 2020-01-02"},
    {"established_on": None}, {"new_economy": "2"}, {"new_economy": "true"},
    {"new_economy": "TRUE"}, {"new_economy": "yes"}, {"new_economy": 1}, {"new_economy": 0},
    {"new_economy": "0"},
    {"new_economy": " true"}, {"new_economy": None}, {"new_economy": [True]},
    {"tolerance_until": "2027-12-31"}, {"tolerance_until": "2027-12-31", "new_economy": False},
    {"tolerance_until": "2019-12-31", "new_economy": True},
    {"tolerance_until": "someday", "new_economy": True},
    {"tolerance_until": "2100-01-01", "new_economy": True},
]


def model_verdict(line: dict[str, Any]) -> dict[str, Any] | str:
    try:
        return registry_values(EntityRegistration.model_validate(line))
    except ValidationError as exc:
        return why_invalid(exc)


def with_changes(changes: dict[str, Any]) -> dict[str, Any]:
    return {**LINE, **changes}


@pytest.mark.parametrize("changes", GOOD)
def test_plainly_good_lines_pass_the_quick_check_with_the_models_values(changes) -> None:
    line = with_changes(changes)
    assert plain_registration(line) == model_verdict(line)


@pytest.mark.parametrize("changes", ALSO_GOOD + BAD)
def test_other_lines_get_the_models_verdict_and_reasons(changes) -> None:
    line = with_changes(changes)
    assert plain_registration(line) is None
    assert registration_of(line) == model_verdict(line)


@pytest.mark.parametrize("missing", ["uscc", "name", "region", "industry", "established_on"])
def test_a_line_without_a_required_field_gets_the_models_reason(missing) -> None:
    line = {k: v for k, v in LINE.items() if k != missing}
    assert plain_registration(line) is None
    assert registration_of(line) == model_verdict(line)
    assert registration_of(line).startswith(f"{missing}: Field required")


def test_bad_lines_are_named_as_before() -> None:
    reason = registration_of(with_changes({"uscc": WRONG_CHECK}))
    assert reason.startswith("uscc: Value error, USCC") and f"expected '{CODE[17]}'" in reason
    assert registration_of(with_changes({"established_on": "not-a-date"})) \
        .startswith("established_on:")


def test_a_wrong_organisation_check_digit_names_the_expected_one() -> None:
    reason = registration_of(with_changes({"uscc": ORGANISATION_WRONG}))
    assert reason.startswith("uscc: Value error, USCC") and "position 17" in reason
    assert "expected '2'" in reason


@pytest.mark.parametrize(("text", "flag"), [("true", True), ("TRUE", True), ("yes", True),
                                            ("1", True), (" false ", False), ("no", False),
                                            ("0", False), ("maybe", "maybe")])
def test_csv_flag_text_is_read_as_a_boolean(text: str, flag: object) -> None:
    header = "uscc,name,region,industry,established_on,new_economy"
    [(line, row)] = list(csv_rows([header + "\n", f"{CODE},甲,370202,F5211,2020-01-02,{text}\n"]))
    assert line == 2 and isinstance(row, dict) and row["new_economy"] == flag
