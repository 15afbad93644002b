"""Masking (脱敏) for internal views that must show something of the reporter."""

from __future__ import annotations

import pytest

from services.complaint_intake.domain.masking import (
    mask_contact,
    mask_id_number,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    ("name", "masked"), [("张三丰", "张**"), ("李四", "李*"), ("王", "*"), ("", ""), (None, "")]
)
def test_mask_name_keeps_the_surname(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0532-88886666", "053*****6666"),
        ("12345", "*****"),
    ],
)
def test_mask_phone_keeps_first_3_and_last_4(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_mask_id_number_keeps_first_6_and_last_4() -> None:
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("123456") == "******"


def test_mask_contact() -> None:
    assert mask_contact("zhang@example.cn") == "z****@example.cn"
    assert mask_contact("青岛市市南区") == "青*****"
