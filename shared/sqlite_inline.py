"""SQLite driven inline on the event loop, behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs each call on a worker thread; through SQLAlchemy's adapter that is
several thread round trips per statement (~300 µs here, against ~2 µs for the
statement itself). Local SQLite work is short, so this module gives the dialect an
aiosqlite-shaped connection that runs each call at once on the loop, except the commit,
which can wait on the disk and runs on a thread.

Nothing waits for a lock on the loop. A process's own writers queue on an asyncio lock
before ``BEGIN IMMEDIATE`` (:class:`shared.db.UnitOfWork`), and the connections have no
busy timeout: a statement that finds the database locked by another connection (another
process's write transaction, an exclusive lock) fails at once, and is tried again on a
thread of its own (:func:`off_the_loop`), every few milliseconds, for up to
:data:`BUSY_WAIT_SECONDS`; after that it raises :class:`DatabaseBusy`, a 503 problem
naming the database. The fast path costs nothing more: only a statement that failed
takes the thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from shared.errors import DomainProblem

T = TypeVar("T")
BUSY_WAIT_SECONDS = 30.0  # the default; a Database sets its own (JIANGUAN_SQLITE_BUSY_SECONDS)
_busy_waits: dict[str, float] = {}


def set_busy_wait(path: str, seconds: float) -> None:
    """How long a statement on the database file ``path`` waits for another connection's
    lock (off the loop) before :class:`DatabaseBusy`; the service's ``Database`` sets it
    from its settings."""
    _busy_waits[path] = seconds
"""How long a statement waits (off the loop) for another connection's lock."""
# The longest pause between two tries. A writer that commits often (another process's
# intake worker, say) frees the lock for moments only; a waiter that slept 50 ms between
# tries missed them and waited several of its transactions (public intake's p99 with a
# worker process: 578 ms). A failed try costs a few µs on this thread.
RETRY_PAUSE_SECONDS = 0.004
_waiters = ThreadPoolExecutor(max_workers=16, thread_name_prefix="sqlite-busy")


class DatabaseBusy(DomainProblem):
    """The database stayed locked by another connection for the whole wait (503)."""

    def __init__(self, path: str, waited: float) -> None:
        name = Path(path).name or path
        super().__init__(503, "Database busy",
                         f"the database {name} stayed locked by another connection for "
                         f"{waited:.0f} s; try again shortly", "database-busy",
                         headers={"Retry-After": "5"}, database=name)


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection's lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(exc, sqlite3.OperationalError) and code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return False


async def off_the_loop(call: Callable[[], T], path: str,
                       wait: float | None = None) -> T:
    """``call()`` (which just found the database locked) tried again on a thread until it
    gets through or ``wait`` seconds pass (then :class:`DatabaseBusy`). Cancelled, the
    thread stops at its next try before this returns, so the connection is never used by
    two threads at once."""
    wait = _busy_waits.get(path, BUSY_WAIT_SECONDS) if wait is None else wait
    stop = threading.Event()
    started = time.monotonic()

    def retry() -> T:
        pause = 0.001
        while True:
            stop.wait(pause)
            try:
                return call()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or stop.is_set() or time.monotonic() - started >= wait:
                    raise
            pause = min(pause * 2, RETRY_PAUSE_SECONDS)

    future = asyncio.get_running_loop().run_in_executor(_waiters, retry)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        stop.set()
        with contextlib.suppress(BaseException):
            await future
        raise
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise DatabaseBusy(path, time.monotonic() - started) from exc
        raise


class _Now:
    """Stands in for aiosqlite's request queue: runs the request immediately."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def put_nowait(self, item: tuple[Any, Any]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except BaseException as exc:  # handed to the awaiting caller
            future.set_exception(exc)


async def lock_holder(path: str, wait: float) -> str | None:
    """``None`` when a write transaction on the SQLite file at ``path`` can begin within
    ``wait`` seconds (tried on a connection of its own, on a thread, and rolled back at
    once), else what stands in the way. For readiness probes."""

    def try_write() -> str | None:
        uri = Path(path).absolute().as_uri() + "?mode=rw"  # never creates a missing file
        conn = sqlite3.connect(uri, uri=True, timeout=wait, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return None
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return f"the database {Path(path).name} is locked by another connection " \
                       f"(no write could begin within {wait:.1f} s)"
            raise
        finally:
            conn.close()

    return await asyncio.get_running_loop().run_in_executor(_waiters, try_write)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor, path: str = "") -> None:
        self._cursor = cursor
        self._path = path

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    description = property(lambda self: self._cursor.description)
    rowcount = property(lambda self: self._cursor.rowcount)
    lastrowid = property(lambda self: self._cursor.lastrowid)

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        try:
            self._cursor.execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            await off_the_loop(lambda: self._cursor.execute(sql, parameters), self._path)
        return self

    async def executemany(self, sql: str, parameters: Any) -> InlineCursor:
        # only inside a write transaction, which holds the lock: never busy. Were it
        # busy, a retry could repeat the rows already done, so it is not retried.
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size or self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """The part of ``aiosqlite.Connection`` that SQLAlchemy's dialect uses."""

    def __init__(self, conn: sqlite3.Connection, path: str = "") -> None:
        self._conn = conn
        self._connection = conn
        self._tx = _Now(conn)
        self._path = path

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._path)

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        # The one call that may wait on the disk (the WAL write, and now and then the
        # checkpoint it triggers: milliseconds), so it waits off the loop. Nothing else
        # uses this connection meanwhile: its transaction belongs to one unit of work.
        await asyncio.to_thread(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()

    def stop(self) -> None:
        self._conn.close()


def connector(path: str):  # type: ignore[no-untyped-def]
    """An ``async_creator`` for ``create_async_engine``."""

    async def connect() -> InlineConnection:
        # no busy timeout: a locked database is waited for off the loop (off_the_loop)
        return InlineConnection(sqlite3.connect(path, timeout=0, check_same_thread=False),
                                path)

    return connect
