"""Masking (脱敏) of personal data for internal views that must show something.

Nothing here is reversible; a masked value can be shown to any user of the handling
department. The full values are only read through ``identity.IdentityVault``.
"""

from __future__ import annotations

import unicodedata


def mask_name(name: str | None) -> str:
    """The surname only: ``张三丰`` → ``张**``, ``李四`` → ``李*``, one character → ``*``."""
    clean = _clean(name)
    if len(clean) <= 1:
        return "*" * len(clean)
    return clean[0] + "*" * (len(clean) - 1)


def mask_phone(phone: str | None) -> str:
    """The first 3 and last 4 digits: ``13812345678`` → ``138****5678``.

    Spaces and dashes are dropped first; a number shorter than 8 digits is masked whole.
    """
    digits = "".join(char for char in _clean(phone) if char.isdigit())
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(id_number: str | None) -> str:
    """The first 6 (region) and last 4 characters of an ID number (身份证号):
    ``11010519491231002X`` → ``110105********002X``; a short value is masked whole."""
    clean = _clean(id_number).upper()
    if len(clean) <= 10:
        return "*" * len(clean)
    return clean[:6] + "*" * (len(clean) - 10) + clean[-4:]


def mask_contact(contact: str | None) -> str:
    """Free-form contact (an address, an e-mail): the first character and the length.

    An e-mail keeps its first character and domain: ``zhang@example.cn`` → ``z****@example.cn``.
    """
    clean = _clean(contact)
    local, at, domain = clean.partition("@")
    if at and local:
        return local[0] + "*" * (len(local) - 1) + "@" + domain
    return mask_name(clean)


def _clean(value: str | None) -> str:
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(char for char in folded if not char.isspace() and char != "-")
