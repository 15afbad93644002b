"""Group commit: concurrent submissions share a write, each gets its own answer, and a
bad item fails only its own request."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from shared.group_commit import GroupCommit


class Ledger:
    """A stand-in transaction: a batch is stored whole or not at all."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def write(self, items: Sequence[int]) -> list[str]:
        await asyncio.sleep(0.01)  # the commit
        if any(item < 0 for item in items):
            raise ValueError("negative amounts are refused")
        self.batches.append(list(items))
        return [f"receipt-{item}" for item in items]


async def test_concurrent_submissions_are_committed_together_and_answered_each() -> None:
    ledger = Ledger()
    group = GroupCommit(ledger.write)

    answers = await asyncio.gather(*(group.submit(n) for n in range(50)))

    assert answers == [f"receipt-{n}" for n in range(50)]
    assert sorted(n for batch in ledger.batches for n in batch) == list(range(50))
    assert len(ledger.batches) < 5  # the first alone, the rest gathered while it committed


async def test_a_lone_submission_is_written_at_once() -> None:
    ledger = Ledger()
    group = GroupCommit(ledger.write)

    assert await group.submit(7) == "receipt-7"
    assert await group.submit(8) == "receipt-8"
    assert ledger.batches == [[7], [8]]


async def test_a_bad_item_fails_only_its_own_request() -> None:
    ledger = Ledger()
    group = GroupCommit(ledger.write)

    answers = await asyncio.gather(*(group.submit(n) for n in (1, 2, -3, 4, 5)),
                                   return_exceptions=True)

    assert answers[:2] == ["receipt-1", "receipt-2"] and answers[3:] == ["receipt-4",
                                                                       "receipt-5"]
    assert isinstance(answers[2], ValueError)
    assert sorted(n for batch in ledger.batches for n in batch) == [1, 2, 4, 5]


async def test_a_batch_is_never_larger_than_the_limit() -> None:
    ledger = Ledger()
    group = GroupCommit(ledger.write, max_batch=8)

    await asyncio.gather(*(group.submit(n) for n in range(30)))

    assert max(len(batch) for batch in ledger.batches) == 8


async def test_a_client_that_goes_away_does_not_undo_its_write() -> None:
    ledger = Ledger()
    group = GroupCommit(ledger.write)

    waiting = asyncio.create_task(group.submit(9))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.sleep(0.05)

    assert ledger.batches == [[9]]


def test_a_batch_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="max_batch must be 1 or more"):
        GroupCommit(Ledger().write, max_batch=0)
