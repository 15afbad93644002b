"""One pydantic model per kind of entry in the reference data files (参考数据).

Each file is a header (``version``, ``effective_from``, ``source``) and a list under a key
named like the file. Codes are checked here one entry at a time; how entries refer to
each other is checked in ``checks``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _region_code(value: str) -> str:
    if not (len(value) == 6 and value.isdigit()):
        raise ValueError(f"{value!r} is not a 6-digit 行政区划码 (e.g. 370202)")
    return value


def _upper_code(value: str) -> str:
    if not value or not value.replace("-", "").isalnum() or value != value.upper():
        raise ValueError(f"{value!r} is not a code of capital letters, digits and '-'")
    return value


def _category_code(value: str) -> str:
    if not value or not value.replace("_", "").isalnum() or value != value.lower():
        raise ValueError(f"{value!r} is not a category code of lowercase letters and '_'")
    return value


RegionCode = Annotated[str, AfterValidator(_region_code)]
UpperCode = Annotated[str, AfterValidator(_upper_code)]
CategoryCode = Annotated[str, AfterValidator(_category_code)]
Text = Annotated[str, Field(min_length=1)]


class _Entry(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class FileHeader(_Entry):
    """What every file says about itself: its version, since when it applies, its source."""

    version: Text
    effective_from: date
    source: Text


class Region(_Entry):
    """An administrative division (行政区划) with its 6-digit code."""

    code: RegionCode
    name: Text
    parent: RegionCode | None = None


class Department(_Entry):
    """A supervising department (监管部门) or a judicial organ (司法机关)."""

    code: UpperCode
    name: Text
    region: RegionCode
    kind: Literal["administrative", "judicial"]


class Matter(_Entry):
    """One entry of the matters catalogue (监管事项 / 随机抽查事项清单)."""

    code: UpperCode
    name: Text
    department: UpperCode
    category: CategoryCode
    legal_basis: Text
    key_area: bool


class Responsibility(_Entry):
    """One line of the responsibility boundary list (职责边界清单): category -> department.

    Without ``regions`` the line is the default for the category; with ``regions`` it
    applies there and in the regions below them.
    """

    category: CategoryCode
    name: Text
    department: UpperCode
    regions: tuple[RegionCode, ...] | None = Field(default=None, min_length=1)


class KeyArea(_Entry):
    """A key area (重点领域) supervised in full, not by sampling; its code is a category."""

    code: CategoryCode
    name: Text


Entry = Region | Department | Matter | Responsibility | KeyArea

ENTRY_MODELS: dict[str, type[Entry]] = {
    "regions": Region,
    "departments": Department,
    "responsibility": Responsibility,
    "key_areas": KeyArea,
    "matters": Matter,
}
"""File stem (also the key of its list) -> entry model, in the order files are checked."""


def entry_label(entry: Entry | dict[str, object]) -> str:
    """How a message names an entry: ``code "SC-004"`` or ``category "food_safety"``."""
    get = entry.get if isinstance(entry, dict) else lambda key: getattr(entry, key, None)
    for key in ("code", "category"):
        value = get(key)
        if value is not None:
            return f'{key} "{value}"'
    return "no code"
