"""The text an audit entry's hash covers, written out for a batch, is the canonical JSON
``entry_hash`` (and ``verify_chain``) computes: any other text would break the chain."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.audit.chain import AuditNote, _head_text, _text, at_text, canonical_json

AT = datetime(2026, 12, 7, 20, 1, 2, 345678, tzinfo=UTC)


@pytest.mark.parametrize("note", [
    AuditNote("/jianguan/credit-rating", "notice.published", "01a251fa-d712", {}),
    AuditNote("张三 (SCJG)", "case.transferred", None, {}),
    AuditNote('say "hi"\\ \n\t\x01', "a\u2028b", "甲乙\x7f", {}),
])
@pytest.mark.parametrize("seq", [1, 999_999_999_999])
def test_the_written_out_head_is_canonical_json(note: AuditNote, seq: int) -> None:
    expected = canonical_json([seq, at_text(AT), note.actor, note.action, note.subject])
    assert _head_text(seq, _text(at_text(AT)), note) == expected


def test_canonical_json_sorts_keys_keeps_non_ascii_and_refuses_nan() -> None:
    assert canonical_json({"b": 1, "a": ["甲", None]}) == '{"a":["甲",null],"b":1}'
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
