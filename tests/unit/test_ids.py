"""Time-ordered ids: valid UUIDv7s, unique, increasing in the order they were made."""

from __future__ import annotations

import itertools
import time
import uuid

from shared.ids import new_id, new_ids, uuid7


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


def test_ids_made_in_a_batch_are_version_7_increasing_and_after_those_made_before() -> None:
    before = new_id()
    batch = new_ids(5_000)
    after = new_id()

    assert len(set(batch)) == len(batch) == 5_000
    assert [before, *batch, after] == sorted([before, *batch, after])
    assert all(uuid.UUID(made).version == 7 and str(uuid.UUID(made)) == made
               for made in batch)
    assert new_ids(0) == []


def test_ids_of_one_batch_do_not_follow_from_each_other() -> None:
    batch = [uuid.UUID(made).int & ((1 << 62) - 1) for made in new_ids(1_000)]

    steps = {b - a for a, b in itertools.pairwise(batch)}
    assert len(steps) > 990  # random gaps, not a counter


def test_batches_made_back_to_back_keep_increasing_large_and_small() -> None:
    before = time.time_ns() // 1_000_000
    made = [*new_ids(3_000), *new_ids(3_000), *new_ids(10), new_id(), *new_ids(300)]
    after = time.time_ns() // 1_000_000

    assert made == sorted(made) and len(set(made)) == len(made) == 6_311
    uuids = [uuid.UUID(text) for text in made]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 and str(u) == text
               for u, text in zip(uuids, made, strict=True))
    # the same millisecond twice moves a block up by a millisecond at most each time
    assert all(before <= u.int >> 80 <= after + 5 for u in uuids)
