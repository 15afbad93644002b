"""Receipt codes (查询码): 16 digits, high entropy, a check digit that catches typos."""

from __future__ import annotations

from services.complaint_intake.domain.receipts import (
    check_digit,
    is_well_formed,
    new_receipt_code,
    normalise_receipt_code,
)
from services.complaint_intake.domain.rules import ComplaintRules


def test_new_codes_are_16_well_formed_digits_and_distinct(rules: ComplaintRules) -> None:
    codes = [new_receipt_code(rules.receipts.digits) for _ in range(200)]
    for code in codes:
        assert len(code) == 16 and code.isascii() and code.isdigit()
        assert code[0] != "0"
        assert is_well_formed(code)
    assert len(set(codes)) == len(codes)


def test_every_single_mistyped_digit_is_detected() -> None:
    for _ in range(50):
        code = new_receipt_code()
        for position, right in enumerate(code):
            for wrong in "0123456789".replace(right, ""):
                typo = code[:position] + wrong + code[position + 1 :]
                assert not is_well_formed(typo), (code, typo)


def test_swapped_neighbours_are_caught_in_a_known_example() -> None:
    body = "123456789012345"
    code = body + str(check_digit(body))
    assert is_well_formed(code)
    assert not is_well_formed("213456789012345" + code[-1])


def test_wrong_length_and_non_ascii_digits_are_not_well_formed() -> None:
    code = new_receipt_code()
    assert not is_well_formed(code[:-1])
    assert not is_well_formed(code + "0")
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert not is_well_formed(full_width)
    assert not is_well_formed("")


def test_typed_with_spaces_or_full_width_digits_normalises_to_the_code() -> None:
    code = new_receipt_code()
    grouped = " ".join(code[i : i + 4] for i in range(0, 16, 4))
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert normalise_receipt_code(grouped) == code
    assert normalise_receipt_code(full_width) == code
    assert normalise_receipt_code(code[:8] + "-" + code[8:]) == code
