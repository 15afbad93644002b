"""Time-ordered ids: valid UUIDv7s, unique, increasing in the order they were made."""

from __future__ import annotations

import time
import uuid

from shared.ids import new_id, uuid7


def test_an_id_is_a_version_7_uuid_carrying_the_time() -> None:
    before = time.time_ns() // 1_000_000
    made = uuid7()
    after = time.time_ns() // 1_000_000

    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert before <= made.int >> 80 <= after
    assert uuid.UUID(new_id()).version == 7


def test_ids_made_one_after_another_sort_in_that_order_and_never_repeat() -> None:
    ids = [new_id() for _ in range(20_000)]  # many within each millisecond

    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
