"""Bounded input of complaint-intake's commands (输入边界): text a caller sends.

Free text is stored and shown as given, so it may hold no control character a database
refuses or a reader cannot see (NUL ends a string in PostgreSQL and is refused there,
a lone surrogate cannot be written as UTF-8): ``Line`` takes none, ``Prose`` takes line
breaks and tabs. Codes (departments, complaint ids, regions) are ASCII patterns. A value
outside gets a 422 naming the field.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

_PROSE_SPACING = frozenset("\n\r\t")


def _visible(text: str, allowed: frozenset[str] = frozenset()) -> str:
    for position, char in enumerate(text):
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError(f"character {position + 1} is the control character "
                             f"U+{ord(char):04X}; remove it")
    return text


def _prose(text: str) -> str:
    return _visible(text, _PROSE_SPACING)


# the same rules for the OpenAPI document (ECMA 262 patterns); the validators say which
# character is wrong
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
PROSE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
Line = Annotated[str, AfterValidator(_visible),
                 Field(json_schema_extra={"pattern": LINE_PATTERN})]
"""One line of text: no control character (NUL, tab, line breaks …)."""
Prose = Annotated[str, AfterValidator(_prose),
                  Field(json_schema_extra={"pattern": PROSE_PATTERN})]
"""Free text: line breaks and tabs allowed, no other control character."""

DepartmentCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$",
                                      examples=["STHJ"],
                                      description="a department code of departments.yaml")]
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["370211"],
                                  description="a region code of regions.yaml (six digits)")]
Reason = Annotated[Prose, Field(min_length=2, max_length=500)]
