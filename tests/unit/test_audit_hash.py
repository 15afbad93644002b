"""The audit entry's keyed hash is documented as HMAC-SHA256 over the previous hash and
the canonical JSON of ``[seq, at, actor, action, subject, detail]``: anyone holding the
key can recompute it with nothing but ``json`` and ``hmac``."""

import hashlib
import hmac
import json
from datetime import UTC, datetime

from shared.audit import entry_hash


def test_the_entry_hash_is_the_hmac_of_the_six_item_canonical_list() -> None:
    at = datetime(2026, 11, 24, 16, 5, 7, 123456, tzinfo=UTC)
    detail = {"标题": "行政处罚", "b": [1, 2.5, None], "a": {"z": True, "y": "\u2028"}}
    text = json.dumps([42, "2026-11-24T16:05:07.123456Z", "SCJG:officer", "notice.published",
                       "N-1", detail], sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    expected = hmac.new(b"k", ("0" * 64 + text).encode(), hashlib.sha256).hexdigest()
    assert entry_hash(b"k", "0" * 64, 42, at, "SCJG:officer", "notice.published", "N-1",
                      detail) == expected
    assert entry_hash(b"k", "0" * 64, 42, at, "SCJG:officer", "notice.published", None,
                      detail) != expected
