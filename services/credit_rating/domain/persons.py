"""The people behind an entity, known by their ID numbers (居民身份证号码, GB 11643-1999):
joint punishment extends to them (CR-5), and 逢办必查 looks through them (issue 16.9).

A name is no identity (namesakes collide); an ID number with its check character is.
Only a keyed hash of it is ever stored or sent.
"""

from __future__ import annotations

import re
from datetime import date

LEGAL_REPRESENTATIVE, RESPONSIBLE_PERSON = "legal_representative", "responsible_person"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # by the weighted sum modulo 11
_SHAPE = re.compile(r"[1-9][0-9]{16}[0-9X]")


def id_number_problem(number: str) -> str | None:
    """What is wrong with an 18-character ID number (None: nothing): its shape, its date
    of birth, its check character."""
    if not _SHAPE.fullmatch(number):
        return ("an ID number is 18 ASCII characters: 17 digits (the first not 0) and a "
                "check character 0-9 or X")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"characters 7-14 ({number[6:14]}) are no date of birth"
    if not date(1900, 1, 1) <= born <= date(2099, 12, 31):
        return f"the date of birth {born.isoformat()} is out of range"
    expected = CHECK[sum(int(d) * w for d, w in zip(number[:17], WEIGHTS, strict=True)) % 11]
    if number[17] != expected:
        return f"the check character is {number[17]}; for these 17 digits it is {expected}"
    return None


def check_character(first17: str) -> str:
    """The check character of 17 digits (for making valid numbers in tests and demos)."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]
