"""Whistleblower protection (吹哨人保护, CP-4): sealed identity, rotation, blind index, and
personal data that cannot leak through a stray log line."""

from __future__ import annotations

import base64
import logging
from dataclasses import replace

import pytest

from services.complaint_intake.domain.identity import (
    IdentityKeyError,
    IdentityUnreadable,
    IdentityVault,
    PersonalData,
    keys_from_settings,
)

OLD_KEY, NEW_KEY, INDEX_KEY = b"\x01" * 32, b"\x02" * 32, b"\x03" * 32
REPORTER = PersonalData(
    name="张三丰",
    phone="13812345678",
    id_number="11010519491231002X",
    contact="青岛市市南区香港中路10号",
)
COMPLAINT = "CMP-2026-000123"


@pytest.fixture
def vault() -> IdentityVault:
    return IdentityVault({"k2025": OLD_KEY, "k2026": NEW_KEY}, "k2026", INDEX_KEY)


def test_seal_and_open_round_trip(vault: IdentityVault) -> None:
    sealed = vault.seal(REPORTER, COMPLAINT)
    assert sealed.key_id == "k2026"
    assert len(sealed.nonce) == 12
    assert vault.open(sealed, COMPLAINT) == REPORTER


def test_ciphertext_does_not_contain_the_personal_data(vault: IdentityVault) -> None:
    sealed = vault.seal(REPORTER, COMPLAINT)
    stored = sealed.key_id.encode() + sealed.nonce + sealed.ciphertext
    for value in ("张三丰", "13812345678", "11010519491231002X", "香港中路"):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert value.encode(encoding) not in stored


def test_each_seal_uses_a_fresh_nonce(vault: IdentityVault) -> None:
    first, second = vault.seal(REPORTER, COMPLAINT), vault.seal(REPORTER, COMPLAINT)
    assert first.nonce != second.nonce and first.ciphertext != second.ciphertext


def test_tampered_ciphertext_does_not_open(vault: IdentityVault) -> None:
    sealed = vault.seal(REPORTER, COMPLAINT)
    flipped = bytes([sealed.ciphertext[0] ^ 0x01]) + sealed.ciphertext[1:]
    with pytest.raises(IdentityUnreadable, match="altered"):
        vault.open(replace(sealed, ciphertext=flipped), COMPLAINT)


def test_identity_sealed_for_another_complaint_does_not_open(vault: IdentityVault) -> None:
    sealed = vault.seal(REPORTER, COMPLAINT)
    with pytest.raises(IdentityUnreadable, match="another complaint"):
        vault.open(sealed, "CMP-2026-000124")


def test_rotation_re_encrypts_under_the_current_key_and_old_rows_still_open() -> None:
    before = IdentityVault({"k2025": OLD_KEY}, "k2025", INDEX_KEY)
    old_row = before.seal(REPORTER, COMPLAINT)

    after = IdentityVault({"k2025": OLD_KEY, "k2026": NEW_KEY}, "k2026", INDEX_KEY)
    assert after.open(old_row, COMPLAINT) == REPORTER  # still readable while k2025 is set
    rotated = after.rotate(old_row, COMPLAINT)
    assert rotated.key_id == "k2026"
    assert rotated.ciphertext != old_row.ciphertext
    assert after.rotate(rotated, COMPLAINT) is rotated  # already current

    retired = IdentityVault({"k2026": NEW_KEY}, "k2026", INDEX_KEY)
    assert retired.open(rotated, COMPLAINT) == REPORTER
    with pytest.raises(IdentityUnreadable, match="'k2025' is not configured"):
        retired.open(old_row, COMPLAINT)


def test_blind_index_matches_normalised_values_without_decrypting(vault: IdentityVault) -> None:
    index = vault.blind_index("13812345678")
    assert len(index) == 64 and int(index, 16) >= 0
    assert vault.blind_index("138 1234 5678") == index
    assert vault.blind_index("138-1234-5678") == index
    assert vault.blind_index("+86 138 1234 5678") == index
    assert vault.blind_index("13812345679") != index
    assert vault.blind_index("11010519491231002x") == vault.blind_index("11010519491231002X")
    other_key = IdentityVault({"k2026": NEW_KEY}, "k2026", b"\x04" * 32)
    assert other_key.blind_index("13812345678") != index  # keyed: not a plain hash


def test_blind_indexes_cover_the_given_fields_only(vault: IdentityVault) -> None:
    indexes = vault.blind_indexes(PersonalData(phone="13812345678"))
    assert indexes == {"phone": vault.blind_index("13812345678")}


def test_repr_and_logs_show_masked_values_only(
    vault: IdentityVault, caplog: pytest.LogCaptureFixture
) -> None:
    text = repr(REPORTER)
    assert "张**" in text and "138****5678" in text and "110105********002X" in text
    with caplog.at_level(logging.INFO):
        logging.getLogger("complaint_intake").info("intake %s / %r / %s", REPORTER, REPORTER, vault)
    for shown in (text, str(REPORTER), f"{REPORTER}", caplog.text):
        for value in ("张三丰", "13812345678", "11010519491231002X", "香港中路10号"):
            assert value not in shown
    assert "\\x" not in repr(vault) and "k2026" in repr(vault)


def test_keys_from_settings_parses_ids_and_keys() -> None:
    setting = (
        f"k2025:{base64.b64encode(OLD_KEY).decode()}, k2026:{base64.b64encode(NEW_KEY).decode()}"
    )
    assert keys_from_settings(setting) == {"k2025": OLD_KEY, "k2026": NEW_KEY}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("", "no identity keys configured"),
        ("k1", 'entry 1 is not "<key id>:<base64 key>"'),
        (":AAAA", 'entry 1 is not "<key id>:<base64 key>"'),
        ("k1:not base64!!", "'k1' \\(entry 1\\) is not valid base64"),
        (
            f"k1:{base64.b64encode(b'short').decode()}",
            "'k1' is 5 bytes; AES-GCM needs 16, 24 or 32",
        ),
        (
            f"k1:{base64.b64encode(OLD_KEY).decode()},k1:{base64.b64encode(NEW_KEY).decode()}",
            "'k1' is given twice",
        ),
    ],
)
def test_bad_key_settings_are_refused_without_echoing_the_key(setting: str, message: str) -> None:
    with pytest.raises(IdentityKeyError, match=message) as caught:
        keys_from_settings(setting)
    for part in setting.split(","):
        secret = part.partition(":")[2]
        if len(secret) > 4:
            assert secret not in str(caught.value)


def test_vault_refuses_a_current_key_that_is_not_configured() -> None:
    with pytest.raises(IdentityKeyError, match="current key id 'k2027' is not among"):
        IdentityVault({"k2026": NEW_KEY}, "k2027", INDEX_KEY)
    with pytest.raises(IdentityKeyError, match="blind index key must be at least 32 bytes"):
        IdentityVault({"k2026": NEW_KEY}, "k2026", b"short")
