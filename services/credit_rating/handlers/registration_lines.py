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
from shared.uscc import CATEGORIES_BY_DEPARTMENT, CHARSET, LENGTH, ORG_WEIGHTS, WEIGHTS

_WEIGHTED = [{char: index * weight for index, char in enumerate(CHARSET)} for weight in WEIGHTS]
"""Per position 1-17, each allowed character's share of the check sum."""
_ORGANISATION = [{char: int(char, 36) * weight for char in CHARSET} for weight in ORG_WEIGHTS]
"""Per position 9-16 (the GB 11714 body: digits, and letters valued 10 for A on), each
allowed character's share of the organisation code's sum."""
_ORGANISATION_CHECK = "0123456789X"  # by -sum % 11
_INDUSTRY = re.compile(r"[A-T](?:[0-9]{2,4})?|[0-9]{2,4}")  # GB4754_CODE, ASCII digits only


_TEXTS = ("uscc", "name", "legal_representative", "registered_address", "region", "industry",
          "established_on", "tolerance_until")  # every field but new_economy: text or None
_NAME, _PERSON, _ADDRESS = (REGISTRY_TEXTS[name] for name in _TEXTS[1:4])
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters (``shared.fields.text`` refuses them) and lone surrogates (JSON
``"\\ud800"``, which the model refuses: text that cannot be UTF-8)."""


def plain_registration(line: dict[str, Any]) -> dict[str, Any] | None:
    """The registry values (``uscc`` and ``FIELDS``) of a plainly good line, else None."""
    uscc, name, person, address, region, industry, established, until = map(line.get, _TEXTS)
    new_economy = line.get("new_economy", False)
    texts = [text for text in (uscc, name, person, address, region, industry, established,
                               until) if text is not None]
    try:
        joined = "".join(texts)
        if list(map(str.strip, texts)) != texts or _REFUSED.search(joined):
            return None  # blanks to strip (the model strips a few less), controls, surrogates
    except TypeError:  # a JSON number, list…: the model says what it makes of it
        return None
    if not (_uscc(uscc) and name is not None and 0 < len(name) <= _NAME
            and (person is None or 0 < len(person) <= _PERSON)
            and (address is None or 0 < len(address) <= _ADDRESS)
            and region is not None and len(region) == 6 and region.isascii()
            and region.isdigit() and _INDUSTRY.fullmatch(industry or "")):
        return None
    established = _iso_day(established or "")
    if established is None or type(new_economy) is not bool:  # the model: a JSON boolean
        return None
    if until is not None:
        until = _iso_day(until)
        if until is None or not new_economy or until < established:
            return None
    return {"uscc": uscc, "name": name, "legal_representative": person,
            "registered_address": address, "region": region, "industry": industry,
            "established_on": established, "new_economy": new_economy,
            "tolerance_until": until}


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
        and code[16] == _ORGANISATION_CHECK[
            -sum(map(dict.__getitem__, _ORGANISATION, code[8:16])) % 11]


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
