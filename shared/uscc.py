"""The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015.

Eighteen characters: 登记管理部门代码 (1), 机构类别代码 (2), 行政区划码 (3-8),
主体标识码 = the GB 11714 organisation code (9-17), check character (18).
``validate`` normalises and checks a code; ``generate`` and ``generate_many`` make valid
ones for demos and tests. Positions in messages count from 1.
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache
from operator import mul
from typing import Annotated

from pydantic import AfterValidator, Field

# 登记管理部门代码 -> the 机构类别代码 it may use (GB 32100-2015 table 1, as amended).
CATEGORIES_BY_DEPARTMENT: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {
        "1": "外国旅游部门常驻代表机构",
        "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "9": "其他",
    },
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}
DEPARTMENT_NAMES: dict[str, str] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code, body of 8
LENGTH = 18

_VALUE = {char: index for index, char in enumerate(CHARSET)}
_ALLOWED = frozenset(CHARSET)
_CHARSET_HINT = "allowed are 0-9 and A-H J-N P-R T-U W-Y; I, O, S, V and Z are never used"
_LOOKALIKE = {"O": " (did you mean the digit 0?)", "I": " (did you mean the digit 1?)"}


class InvalidUSCC(ValueError):
    """A string that is not a valid 统一社会信用代码; the message says what to change.

    ``reason`` is one of ``length``, ``charset``, ``department``, ``category``,
    ``region``, ``check_character``, ``organisation_check``; ``position`` (1-based) and
    ``expected`` are set where they apply.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        position: int | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.position = position
        self.expected = expected


def normalise(code: str) -> str:
    """Spaces around the code removed and lower case raised; nothing else is changed (a
    full-width digit, a tab or a space inside the code stays and is rejected)."""
    return code.strip(" ").upper()


def check_character(first17: str) -> str:
    """The GB 32100 check character (position 18) for the first 17 characters."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"the check character needs 17 characters, got {len(first17)}")
    return CHARSET[-sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS)) % 31]


def validate(code: str) -> str:
    """Return the normalised code, or raise ``InvalidUSCC`` saying what is wrong.

    Both check characters are enforced: position 18 (GB 32100) over the first 17, and
    position 17, the check digit of the GB 11714 organisation code in positions 9-17.
    """
    if len(code) == LENGTH and code.isascii() and _ALLOWED.issuperset(code):
        value = code  # already in canonical form (the usual case): nothing to fold
    else:
        value = _canonical(code)
    _checked(value)
    return value


@lru_cache(maxsize=65536)
def _checked(value: str) -> None:
    """Raise ``InvalidUSCC`` if canonical ``value`` breaks a rule. A code that passed is
    remembered: a consumer validates the same entity's code in every event about it, and
    a handler again in the events it makes (an error is not cached: raised each time)."""
    _check_department_and_category(value[0], value[1])
    if not value[2:8].isdigit():
        raise InvalidUSCC(
            f"USCC positions 3-8 must be the 6-digit 行政区划码, found {value[2:8]!r}",
            reason="region",
            position=3,
        )
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidUSCC(
            f"USCC {value}: check character is {value[17]!r}, expected {expected!r} "
            "(if the last character is right, another one was mistyped)",
            reason="check_character",
            position=18,
            expected=expected,
        )
    organisation = organisation_check_digit(value[8:16])
    if value[16] != organisation:
        raise InvalidUSCC(
            f"USCC {value}: position 17, the check digit of the organisation code "
            f"{value[8:17]} (GB 11714), is {value[16]!r}, expected {organisation!r}",
            reason="organisation_check",
            position=17,
            expected=organisation,
        )


def _canonical(code: str) -> str:
    """``code`` normalised, once it has the length and only characters of the charset."""
    value = normalise(code)
    if len(value) != LENGTH:
        raise InvalidUSCC(
            f"USCC must be {LENGTH} characters, found {len(value)} in {value[:40]!r}",
            reason="length",
            expected=str(LENGTH),
        )
    for position, char in enumerate(value, start=1):
        if char not in _VALUE:
            raise InvalidUSCC(
                f"USCC character {_shown(char)} at position {position} is not allowed: "
                f"{_CHARSET_HINT}{_LOOKALIKE.get(char, '')}",
                reason="charset",
                position=position,
            )
    return value


def _shown(char: str) -> str:
    """A character as a message shows it: invisible and full-width ones by name too."""
    if char.isascii() and char.isprintable() and char != " ":
        return repr(char)
    name = unicodedata.name(char, "control character")
    return f"{char!r} (U+{ord(char):04X} {name}; type the code in ASCII, without spaces)"


def _check_department_and_category(department: str, category: str) -> None:
    categories = CATEGORIES_BY_DEPARTMENT.get(department)
    if categories is None:
        known = ", ".join(CATEGORIES_BY_DEPARTMENT)
        raise InvalidUSCC(
            f"USCC position 1 (登记管理部门代码) {department!r} is not a known department "
            f"code; use one of {known}",
            reason="department",
            position=1,
        )
    if category not in categories:
        allowed = ", ".join(categories)
        raise InvalidUSCC(
            f"USCC position 2 (机构类别代码) {category!r} is not valid for department "
            f"{department!r} ({DEPARTMENT_NAMES[department]}); use one of {allowed}",
            reason="category",
            position=2,
        )


USCC = Annotated[
    str,
    AfterValidator(validate),
    Field(
        description="统一社会信用代码 (GB 32100-2015), 18 ASCII characters with both check "
        "characters (position 17: GB 11714, position 18: GB 32100); lower case and spaces "
        "around the code are accepted",
        min_length=18, max_length=40,
        json_schema_extra={"format": "uscc",
                           "pattern": r"^ *[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18} *$"},
        examples=["91370200084700548K"],
    ),
]
"""A request field holding a 统一社会信用代码; a bad one becomes a 422 naming the field."""


def organisation_check_digit(body: str) -> str:
    """The GB 11714 check digit (USCC position 17) for an 8-character body."""
    if len(body) != len(ORG_WEIGHTS):
        raise ValueError(f"the organisation check digit needs 8 characters, got {len(body)}")
    total = sum(map(mul, map(_org_value, body), ORG_WEIGHTS))
    digit = -total % 11
    return "X" if digit == 10 else str(digit)


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def generate(
    rng: random.Random,
    *,
    region: str = "370200",
    dept: str = "9",
    category: str = "1",
) -> str:
    """A valid USCC with a random numeric 主体标识码 whose position 17 also checks."""
    return _generator(region, dept, category).code(rng.randrange(10**8))


def generate_many(
    n: int,
    seed: int = 0,
    *,
    region: str = "370200",
    dept: str = "9",
    category: str = "1",
) -> list[str]:
    """``n`` distinct valid codes, reproducible from ``seed`` (at most 10^8 per prefix)."""
    if not 0 <= n <= 10**8:
        raise ValueError(f"n must be between 0 and 100000000, got {n}")
    make = _generator(region, dept, category).code
    return [make(body) for body in random.Random(seed).sample(range(10**8), n)]


@lru_cache(maxsize=16)
def _generator(region: str, dept: str, category: str) -> _Generator:
    return _Generator(region, dept, category)


class _Generator:
    """Codes for one fixed prefix, built from per-half lookup tables (about 1 µs each)."""

    def __init__(self, region: str, dept: str, category: str) -> None:
        if not (len(region) == 6 and region.isdigit()):
            raise ValueError(f"region must be a 6-digit 行政区划码, got {region!r}")
        _check_department_and_category(dept, category)
        self.prefix = dept + category + region
        self.prefix_sum = sum(_VALUE[c] * w for c, w in zip(self.prefix, WEIGHTS, strict=False))
        quarters = [f"{i:04d}" for i in range(10_000)]
        self.quarters = quarters
        self.high = [_sums(q, ORG_WEIGHTS[:4], WEIGHTS[8:12]) for q in quarters]
        self.low = [_sums(q, ORG_WEIGHTS[4:], WEIGHTS[12:16]) for q in quarters]

    def code(self, body: int) -> str:
        hi, lo = divmod(body, 10_000)
        org_hi, uscc_hi = self.high[hi]
        org_lo, uscc_lo = self.low[lo]
        digit17 = -(org_hi + org_lo) % 11
        char17 = "X" if digit17 == 10 else CHARSET[digit17]
        total = self.prefix_sum + uscc_hi + uscc_lo + _VALUE[char17] * WEIGHTS[16]
        return f"{self.prefix}{self.quarters[hi]}{self.quarters[lo]}{char17}{CHARSET[-total % 31]}"


def _sums(digits: str, org_weights: tuple[int, ...], weights: tuple[int, ...]) -> tuple[int, int]:
    values = [int(d) for d in digits]
    return (
        sum(v * w for v, w in zip(values, org_weights, strict=True)),
        sum(v * w for v, w in zip(values, weights, strict=True)),
    )
