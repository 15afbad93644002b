"""Group commit (组提交): the writes of many concurrent requests in one transaction.

A request that has done all its reading and checking hands what it wants written to
``await group.submit(item)`` and waits. One writer task takes everything waiting,
writes it with one call of ``write(batch)`` (one transaction: one commit, one ``BEGIN
IMMEDIATE`` on SQLite, one round of executemany), and answers each request with its
result. While a batch is being committed the next one gathers, so under load a batch
holds about as many items as there are requests in flight, and under no load an item
is written at once, alone. Nothing is answered before its batch has committed.

If a batch fails, its items are written again one by one, so one bad item fails only
its own request. A request cancelled while waiting (the client went away) does not
cancel the write: what was submitted is committed all the same. The writer task lives
only while there is something to write, so there is nothing to start or stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
log = logging.getLogger(__name__)


class GroupCommit(Generic[Item, Result]):
    """``write(batch)`` returns one result per item, in order, after its commit."""

    def __init__(self, write: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]],
                 max_batch: int = 256) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be 1 or more, got {max_batch}")
        self._write = write
        self._max_batch = max_batch
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # committed, for the curious and for tests

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        try:
            while self._waiting:
                batch = self._waiting[:self._max_batch]
                del self._waiting[:self._max_batch]
                await self._commit(batch)
                batch = []
        except BaseException as stopped:  # the writer itself was cancelled (shutdown)
            for _, future in batch + self._waiting:
                _settle(future, error=RuntimeError(f"the writer stopped: {stopped!r}"))
            self._waiting.clear()
            raise
        finally:
            self._writer = None

    async def _commit(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._write([item for item, _ in batch])
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0][1], error=error)
                return
            log.warning("a batch of %d writes failed (%s); writing them one by one",
                        len(batch), type(error).__name__)
            for one in batch:
                await self._commit([one])
            return
        self.batches += 1
        if len(results) != len(batch):
            error = RuntimeError(f"write returned {len(results)} results for {len(batch)} items")
            for _, future in batch:
                _settle(future, error=error)
            return
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)


def _settle(future: asyncio.Future, *, result: object = None,
            error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
