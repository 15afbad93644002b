"""Suspects' identity (当事人身份信息), kept out of rows and events in clear.

A person a case is about is stored and sent only as a keyed hash of the ID number (so a
department can tell two cases about the same person apart from others, and nobody
without the key can test a guessed number) and a masked name (张*) for the people who
work the case. The ID number is checked (GB 11643 check digit) before it is hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a 居民身份证号码 (18 characters, GB 11643), or ``None``."""
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return "a resident ID number has 17 digits and a check character (18 in all)"
    expected = _CHECK[sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True)) % 11]
    if number[17].upper() != expected:
        return f"the check character should be {expected}: the number is mistyped"
    return None


def masked_name(name: str) -> str:
    """``张三`` → ``张*``, ``欧阳小明`` → ``欧***``: the first character only."""
    cleaned = unicodedata.normalize("NFKC", name).strip()
    return cleaned[:1] + "*" * max(1, len(cleaned) - 1)


@dataclass(frozen=True)
class PersonSeal:
    """The key of suspects' hashes (``CASE_TRANSFER_PERSON_HASH_KEY``)."""

    key: bytes

    def hash_id(self, id_number: str) -> str:
        """HMAC-SHA256 (hex) of the normalised ID number."""
        normalized = "resident_id:" + id_number.strip().upper()
        return hmac.new(self.key, normalized.encode("ascii"), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:  # never print the key
        return "PersonSeal()"
