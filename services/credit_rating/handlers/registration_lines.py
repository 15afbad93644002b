"""Import lines that plainly pass, checked without a model per line (批量导入校验).

``EntityRegistration`` stays the definition of a good line. :func:`plain_registration`
accepts only what the model certainly accepts (a normalised USCC with both check
characters, ASCII dates in the plausible range, JSON booleans, text without odd blanks at
its ends…) and returns the values the model would; for
anything else it returns None and the import asks the model, whose reasons the report
names. Tests hold the two together on good and bad lines of every kind.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from services.credit_rating.handlers.commands import REGISTRY_TEXTS
from shared.fields import EARLIEST_DAY, LATEST_DAY
from shared.uscc import (
    CATEGORIES_BY_DEPARTMENT,
    CHARSET,
    LENGTH,
    WEIGHTS,
    organisation_check_digit,
)

_WEIGHTED = [{char: index * weight for index, char in enumerate(CHARSET)} for weight in WEIGHTS]
"""Per position 1-17, each allowed character's share of the check sum."""
_INDUSTRY = re.compile(r"[A-T](?:[0-9]{2,4})?|[0-9]{2,4}")  # GB4754_CODE, ASCII digits only


_TEXTS = REGISTRY_TEXTS
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # ``shared.fields.text`` refuses them
_OPTIONAL = ("legal_representative", "registered_address")


def plain_registration(line: dict[str, Any]) -> dict[str, Any] | None:
    """The registry values (``uscc`` and ``FIELDS``) of a plainly good line, else None."""
    get = line.get
    values = {"uscc": get("uscc"), "name": get("name"),
              "legal_representative": get("legal_representative"),
              "registered_address": get("registered_address"), "region": get("region"),
              "industry": get("industry"), "established_on": get("established_on"),
              "new_economy": get("new_economy", False),
              "tolerance_until": get("tolerance_until")}
    texts = [v for n, v in values.items() if v is not None and n != "new_economy"]
    try:
        joined = "".join(texts)
        if list(map(str.strip, texts)) != texts or not _utf8(joined) \
                or _CONTROL.search(joined):
            return None  # blanks to strip (the model strips a few less), surrogates, controls
    except TypeError:  # a JSON number, list…: the model says what it makes of it
        return None
    if not (_uscc(values["uscc"]) and _text(values, "name")
            and _text(values, "legal_representative")
            and _text(values, "registered_address") and _region(values["region"])
            and _INDUSTRY.fullmatch(values["industry"] or "")):
        return None
    established = values["established_on"] = _iso_day(values["established_on"] or "")
    new_economy = values["new_economy"]
    if established is None or type(new_economy) is not bool:  # the model: a JSON boolean
        return None
    until = values["tolerance_until"]
    if until is not None:
        until = values["tolerance_until"] = _iso_day(until)
        if until is None or not new_economy or until < established:
            return None
    return values


def _uscc(code: str | None) -> bool:
    """A code already normalised (upper case, no blanks) whose check characters hold
    (position 18, GB 32100; position 17, the GB 11714 organisation code's)."""
    if code is None or len(code) != LENGTH:
        return False
    try:
        total = sum(map(dict.__getitem__, _WEIGHTED, code))
    except KeyError:
        return False
    return code[17] == CHARSET[-total % 31] and code[2:8].isdigit() \
        and code[1] in CATEGORIES_BY_DEPARTMENT.get(code[0], ()) \
        and code[16] == organisation_check_digit(code[8:16])


def _text(values: dict[str, Any], name: str) -> bool:
    text = values[name]
    return 0 < len(text) <= _TEXTS[name] if text is not None else name in _OPTIONAL


def _region(text: str | None) -> bool:
    return text is not None and len(text) == 6 and text.isascii() and text.isdigit()


def _utf8(text: str) -> bool:
    """False for lone surrogates (JSON ``"\\ud800"``), which the model refuses."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=65536)
def _iso_day(text: str) -> date | None:
    """``YYYY-MM-DD`` in the plausible range (``shared.fields.Day``) as a date (one object
    per day: the rows share it), else None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii() \
            or not (text[:4] + text[5:7] + text[8:]).isdigit():
        return None
    try:
        day = date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None
    return day if EARLIEST_DAY <= day <= LATEST_DAY else None
