"""Whistleblower protection (吹哨人保护, CP-4): the reporter's identity sealed at rest.

``IdentityVault.seal`` encrypts name, phone, ID number and contact with AES-GCM under the
current key (96-bit random nonce); the complaint id is bound as associated data, so a
sealed identity copied onto another complaint does not open. Keys carry ids, so old
rows keep opening while their key is configured and ``rotate`` re-encrypts them under the
current key. ``blind_index`` is a keyed HMAC of a normalised value: equal values match
(duplicates, malicious repeaters) without anyone decrypting, and without the index key
the value cannot be guessed from it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.complaint_intake.domain.masking import (
    mask_contact,
    mask_id_number,
    mask_name,
    mask_phone,
)

NONCE_BYTES = 12
_KEY_LENGTHS = (16, 24, 32)
_CONTEXT = b"jianguan/complaint-identity/v1"
_PHONE_PREFIXES = ("+86", "0086")


class IdentityKeyError(ValueError):
    """A key setting that cannot be used; the message never contains key material."""


class IdentityUnreadable(ValueError):
    """A sealed identity that does not open: wrong complaint, tampered, or unknown key."""


@dataclass(frozen=True, repr=False)
class PersonalData:
    """The reporter's personal data (举报人个人信息); every field optional (anonymous
    reports are allowed). ``repr`` and ``str`` show masked values only."""

    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    contact: str | None = None

    def __repr__(self) -> str:
        return (
            f"PersonalData(name={mask_name(self.name)!r}, phone={mask_phone(self.phone)!r}, "
            f"id_number={mask_id_number(self.id_number)!r}, "
            f"contact={mask_contact(self.contact)!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class SealedIdentity:
    """Encrypted personal data as stored: key id, nonce and ciphertext (with GCM tag)."""

    key_id: str
    nonce: bytes
    ciphertext: bytes


class IdentityVault:
    """Seals and opens reporters' identities; holds the keys, never logs them."""

    def __init__(self, keys: Mapping[str, bytes], current_key_id: str, index_key: bytes) -> None:
        if current_key_id not in keys:
            raise IdentityKeyError(
                f"current key id {current_key_id!r} is not among the configured key ids "
                f"{sorted(keys)}"
            )
        for key_id, key in keys.items():
            _check_key(key_id, key)
        if len(index_key) < 32:
            raise IdentityKeyError(
                f"the blind index key must be at least 32 bytes, got {len(index_key)}"
            )
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current_key_id
        self._index_key = bytes(index_key)

    def __repr__(self) -> str:
        return f"IdentityVault(key_ids={sorted(self._ciphers)}, current={self._current!r})"

    @property
    def current_key_id(self) -> str:
        return self._current

    def seal(self, data: PersonalData, complaint_id: str) -> SealedIdentity:
        """``data`` encrypted under the current key, bound to ``complaint_id``."""
        plaintext = json.dumps(
            {name: getattr(data, name) for name in _PERSONAL_FIELDS},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        nonce = os.urandom(NONCE_BYTES)
        aad = _associated_data(self._current, complaint_id)
        ciphertext = self._ciphers[self._current].encrypt(nonce, plaintext, aad)
        return SealedIdentity(key_id=self._current, nonce=nonce, ciphertext=ciphertext)

    def open(self, sealed: SealedIdentity, complaint_id: str) -> PersonalData:
        """The personal data in ``sealed``; raises ``IdentityUnreadable`` if it was sealed
        for another complaint, was altered, or its key is no longer configured."""
        cipher = self._ciphers.get(sealed.key_id)
        if cipher is None:
            raise IdentityUnreadable(
                f"key id {sealed.key_id!r} is not configured; add it back to open this "
                "identity, then rotate it to the current key"
            )
        aad = _associated_data(sealed.key_id, complaint_id)
        try:
            plaintext = cipher.decrypt(sealed.nonce, sealed.ciphertext, aad)
        except (InvalidTag, ValueError):
            raise IdentityUnreadable(
                "the sealed identity does not open for this complaint: it belongs to another "
                "complaint or was altered"
            ) from None
        return PersonalData(**json.loads(plaintext))

    def rotate(self, sealed: SealedIdentity, complaint_id: str) -> SealedIdentity:
        """``sealed`` re-encrypted under the current key (轮换); unchanged if it already is."""
        if sealed.key_id == self._current:
            return sealed
        return self.seal(self.open(sealed, complaint_id), complaint_id)

    def blind_index(self, value: str) -> str:
        """HMAC-SHA256 (hex) of the normalised ``value``, for matching without decrypting.

        Normalised: NFKC, spaces, dashes, dots and brackets removed, upper case, a
        ``+86`` / ``0086`` prefix dropped, so ``138 1234 5678`` and ``+86 13812345678``
        match, and an ID number matches whatever the case of its ``x``.
        """
        normalised = normalise_identifier(value)
        return hmac.digest(self._index_key, normalised.encode(), "sha256").hex()

    def blind_indexes(self, data: PersonalData,
                      names: tuple[str, ...] | None = None) -> dict[str, str]:
        """Field name → blind index, for the fields of ``data`` that are given (of
        ``names`` only, when named)."""
        return {name: self.blind_index(value)
                for name in names or _PERSONAL_FIELDS if (value := getattr(data, name))}


_PERSONAL_FIELDS = tuple(field.name for field in fields(PersonalData))


def normalise_identifier(value: str) -> str:
    """What ``blind_index`` hashes: see there."""
    folded = unicodedata.normalize("NFKC", value).upper()
    clean = folded if folded.isalnum() else "".join(  # the common case: nothing to drop
        char for char in folded if not char.isspace() and char not in "-.()")
    for prefix in _PHONE_PREFIXES:
        rest = clean.removeprefix(prefix)
        if rest != clean and rest.isdigit() and len(rest) == 11:
            return rest
    return clean


def keys_from_settings(text: str) -> dict[str, bytes]:
    """Parse ``"kid1:<base64 key>,kid2:<base64 key>"`` into key id → key.

    Keys must be 16, 24 or 32 bytes (AES-128/192/256). Errors name the entry by position
    and key id, never the key itself.
    """
    keys: dict[str, bytes] = {}
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise IdentityKeyError(
            'no identity keys configured; expected "kid1:<base64 key>,kid2:<base64 key>"'
        )
    for position, entry in enumerate(entries, start=1):
        key_id, colon, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not colon or not key_id:
            raise IdentityKeyError(f'identity key entry {position} is not "<key id>:<base64 key>"')
        if key_id in keys:
            raise IdentityKeyError(f"identity key id {key_id!r} is given twice")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise IdentityKeyError(
                f"identity key {key_id!r} (entry {position}) is not valid base64"
            ) from None
        _check_key(key_id, key)
        keys[key_id] = key
    return keys


def _check_key(key_id: str, key: bytes) -> None:
    if len(key) not in _KEY_LENGTHS:
        raise IdentityKeyError(
            f"identity key {key_id!r} is {len(key)} bytes; AES-GCM needs 16, 24 or 32 "
            "(generate one with: openssl rand -base64 32)"
        )


def _associated_data(key_id: str, complaint_id: str) -> bytes:
    return b"|".join((_CONTEXT, key_id.encode(), complaint_id.encode()))
