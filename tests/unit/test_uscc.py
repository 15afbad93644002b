"""统一社会信用代码 (GB 32100-2015): what is accepted, and what a rejection says."""

from __future__ import annotations

import random

import pytest
from pydantic import BaseModel, ValidationError

from shared import uscc
from shared.uscc import USCC, InvalidUSCC, generate, generate_many, validate

# Published codes (海尔集团公司, 深圳市腾讯计算机系统有限公司, 华为技术有限公司,
# 北京小米科技有限责任公司); the check characters were verified with a separate weighted-sum
# script, not with shared.uscc.
PUBLISHED = ["91370200163562681G", "91440300708461136T", "914403001922038216", "91110108551385082Q"]
GOOD = "91370200163562681G"


def rejection(code: str) -> InvalidUSCC:
    with pytest.raises(InvalidUSCC) as caught:
        validate(code)
    return caught.value


def test_many_generated_codes_are_valid_distinct_and_reproducible() -> None:
    codes = generate_many(20_000, seed=7)
    assert all(validate(code) == code for code in codes)
    assert len(set(codes)) == len(codes)
    assert generate_many(100, seed=7) == codes[:100]
    assert generate_many(100, seed=8) != codes[:100]


def test_generated_codes_also_satisfy_the_organisation_code_check_digit() -> None:
    for code in generate_many(5_000, seed=1):
        assert uscc.organisation_check_digit(code[8:16]) == code[16]


@pytest.mark.parametrize(
    ("dept", "category"),
    [(d, c) for d, cats in uscc.CATEGORIES_BY_DEPARTMENT.items() for c in cats],
)
def test_every_department_and_category_in_the_table_can_be_generated(
    dept: str, category: str
) -> None:
    code = generate(random.Random(0), region="370283", dept=dept, category=category)
    assert validate(code) == code
    assert code[:8] == f"{dept}{category}370283"


def test_generate_refuses_a_prefix_that_would_be_invalid() -> None:
    with pytest.raises(InvalidUSCC, match="use one of 1, 2, 3"):
        generate(random.Random(0), dept="9", category="9")
    with pytest.raises(ValueError, match="6-digit"):
        generate(random.Random(0), region="3702")


def test_bulk_generation_is_distinct_valid_and_repeatable() -> None:
    codes = generate_many(20_000, seed=3)
    assert len(set(codes)) == len(codes)
    assert all(validate(c) == c for c in codes[:2_000])
    assert generate_many(20_000, seed=3) == codes


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_accepted(code: str) -> None:
    assert validate(code) == code


FULL_WIDTH = "９１３７０２００１６３５６２６８１Ｇ"


@pytest.mark.parametrize("typed", [" 91370200163562681g ", "91370200163562681G  ", GOOD.lower()])
def test_surrounding_spaces_and_lower_case_are_normalised(typed: str) -> None:
    assert validate(typed) == GOOD


@pytest.mark.parametrize(("typed", "named"), [
    (FULL_WIDTH, "FULLWIDTH DIGIT NINE"),
    ("9137020016356268１G", "FULLWIDTH DIGIT ONE"),
])
def test_full_width_characters_are_rejected_by_name(typed: str, named: str) -> None:
    error = rejection(typed)
    assert error.reason == "charset"
    assert named in str(error)


@pytest.mark.parametrize("inside", ["\u3000", "\t", "\n", " "])
def test_whitespace_inside_a_code_is_rejected(inside: str) -> None:
    assert rejection(GOOD[:4] + inside + GOOD[4:]).reason == "length"
    assert rejection(GOOD[:4] + inside + GOOD[5:]).reason == "charset"


@pytest.mark.parametrize("code", [GOOD[:-1], GOOD + "1", ""])
def test_wrong_length_names_the_length_found(code: str) -> None:
    error = rejection(code)
    assert error.reason == "length"
    assert f"found {len(code)}" in str(error)
    assert "18 characters" in str(error)


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V", "i", "o", "*"])
def test_a_character_outside_the_charset_is_named_with_its_position(char: str) -> None:
    error = rejection(GOOD[:9] + char + GOOD[10:])
    assert error.reason == "charset"
    assert error.position == 10
    assert f"{char.upper()!r} at position 10" in str(error)
    assert "I, O, S, V and Z are never used" in str(error)


def test_a_letter_o_where_a_zero_belongs_gets_a_hint() -> None:
    assert "did you mean the digit 0?" in str(rejection("913702O0163562681G"))


@pytest.mark.parametrize("dept", ["B", "0", "X"])
def test_an_unknown_registration_department_is_rejected(dept: str) -> None:
    error = rejection(dept + GOOD[1:])
    assert error.reason == "department"
    assert error.position == 1
    assert f"{dept!r} is not a known department code" in str(error)


@pytest.mark.parametrize(("prefix", "allowed"), [("94", "1, 2, 3"), ("Y2", "1"), ("A3", "1, 9")])
def test_a_category_not_valid_for_its_department_is_rejected(prefix: str, allowed: str) -> None:
    error = rejection(prefix + GOOD[2:])
    assert error.reason == "category"
    assert error.position == 2
    assert f"use one of {allowed}" in str(error)


def test_a_region_that_is_not_six_digits_is_rejected() -> None:
    error = rejection(GOOD[:4] + "A" + GOOD[5:])
    assert error.reason == "region"
    assert "'37A200'" in str(error)


def test_a_wrong_check_character_names_the_expected_one() -> None:
    error = rejection(GOOD[:17] + "X")
    assert error.reason == "check_character"
    assert error.expected == "G"
    assert "check character is 'X', expected 'G'" in str(error)


def test_every_single_character_typo_in_the_body_is_caught() -> None:
    code = generate(random.Random(5))
    for position in range(8, 17):
        for char in uscc.CHARSET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert rejection(typo).reason == "check_character"


def test_position_17_is_held_to_the_organisation_code_check_digit() -> None:
    error = rejection("91370211712345670Y")  # position 18 is right for the first 17
    assert error.reason == "organisation_check"
    assert error.position == 17
    assert error.expected == "2"
    assert "organisation code 712345670 (GB 11714), is '0', expected '2'" in str(error)


def test_every_wrong_organisation_check_digit_is_caught() -> None:
    code = generate(random.Random(9))
    for digit in "0123456789X":
        if digit != code[16]:
            first17 = code[:16] + digit
            wrong = first17 + uscc.check_character(first17)
            assert rejection(wrong).reason == "organisation_check"


class Entity(BaseModel):
    uscc: USCC


def test_a_request_field_normalises_and_reports_the_field_and_the_fix() -> None:
    assert Entity(uscc="91370200163562681g").uscc == GOOD
    with pytest.raises(ValidationError) as caught:
        Entity(uscc=GOOD[:17] + "5")
    (error,) = caught.value.errors()
    assert error["loc"] == ("uscc",)
    assert "check character is '5', expected 'G'" in error["msg"]
