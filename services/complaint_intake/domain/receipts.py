"""Receipt codes (查询码): how anyone follows a complaint without an account or a name.

A code is 16 digits: a non-zero first digit (so spreadsheets keep it whole), 14 digits
from ``secrets`` and an ISO 7064 MOD 11,10 check digit, which catches every single
mistyped digit and most swapped neighbours before a lookup is made. About 50 bits of
entropy: guessing is hopeless behind the per-address quota of lookups
(``rate_limits.receipt_lookups``).
"""

from __future__ import annotations

import secrets
import unicodedata

RECEIPT_DIGITS = 16
_SEPARATORS = frozenset(" -\u00a0\u3000")


def new_receipt_code(digits: int = RECEIPT_DIGITS) -> str:
    """A fresh random receipt code of ``digits`` digits (the last one the check digit)."""
    if digits < 3:
        raise ValueError(f"a receipt code needs at least 3 digits, got {digits}")
    low = 10 ** (digits - 2)  # the body: a uniform draw from the (digits-1)-digit numbers
    body = str(low + secrets.randbelow(9 * low))
    return body + str(check_digit(body))


def is_well_formed(code: str, digits: int = RECEIPT_DIGITS) -> bool:
    """True if ``code`` is exactly ``digits`` ASCII digits whose check digit matches."""
    if len(code) != digits or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:-1]) == int(code[-1])


def normalise_receipt_code(text: str) -> str:
    """What a person typed, as a code: full-width digits made ASCII, spaces and dashes
    (as in ``1234 5678 9012 3456``) removed. Check the result with ``is_well_formed``."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in folded if char not in _SEPARATORS).strip()


def check_digit(body: str) -> int:
    """The ISO 7064 MOD 11,10 check digit of the ASCII digits ``body``."""
    product = 10
    for char in body:
        total = (product + int(char)) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10
