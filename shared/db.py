"""Database access: async engine, unit of work, naming convention (数据库).

SQLite (embedded default, WAL, foreign keys on) and PostgreSQL (asyncpg) come from
the same models and the same Alembic migrations. The unit of work owns the
transaction; repositories and helpers never commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import MetaData, Select, event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.point_read import PointRead, cache_pages
from shared.sqlite_inline import connector, set_busy_wait

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """A ``MetaData`` with the suite's constraint naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sync_url(url: str) -> str:
    """The URL Alembic's offline tooling and raw drivers understand."""
    return url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, no busy timeout (a locked database is waited for on a thread,
    :mod:`shared.sqlite_inline`), and explicit BEGIN IMMEDIATE for writers.

    pysqlite's own transaction handling is replaced (SQLAlchemy's documented recipe)
    so that SAVEPOINT works and writers take the lock up front instead of failing
    on a lock upgrade.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=0")  # locks are waited for off the loop
        cache_pages(cur)
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, **kwargs: object) -> AsyncEngine:
    """An async engine for ``url``; creates the SQLite file's folder if needed.

    SQLite is driven inline on the event loop (:mod:`shared.sqlite_inline`), 3–4x
    faster per statement than aiosqlite's worker thread; ``Database`` then queues
    in-process writers on an asyncio lock so none waits on SQLite's lock on the loop.
    """
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, async_creator=connector(path), **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


DEV_AUDIT_KEY = b"jianguan-dev-audit-key-change-me-in-production"


@dataclass(frozen=True)
class AuditSeal:
    """What seals a service's audit chain: the key of its entries' HMAC (kept outside the
    database, from settings) and the service its published checkpoints name."""

    key: bytes
    service: str

    def __repr__(self) -> str:  # never print the key
        return f"AuditSeal(service={self.service!r})"


class Database:
    """One service's database: the engine, the sessions made from it, and what every
    unit of work of the service carries (its outbox and the audit log's key)."""

    def __init__(self, url: str, *, outbox: EventStore | None = None,
                 audit: AuditSeal | None = None, busy_seconds: float | None = None,
                 **engine_kwargs: object) -> None:
        self.url = url
        self.outbox = outbox
        self.audit = audit
        self.engine = create_engine(url, **engine_kwargs)
        self.sqlite = is_sqlite(url)
        if self.sqlite and busy_seconds is not None:
            set_busy_wait(url.split("///", 1)[-1], busy_seconds)
        self._writers = asyncio.Lock()  # SQLite: one writer at a time in this process
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        reader_engine = self.engine.execution_options(sqlite_begin="DEFERRED")
        self._readers = async_sessionmaker(reader_engine, expire_on_commit=False)
        self._point_reads: dict[Select, PointRead] = {}  # statements are module constants

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, self._writers if self.sqlite else None,
                          outbox=self.outbox, audit=self.audit)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A read-only session that does not take SQLite's write lock."""
        async with self._readers() as session:
            yield session

    def point_read(self, statement: Select) -> PointRead:
        """``statement`` compiled once and run on the driver (:mod:`shared.point_read`)."""
        found = self._point_reads.get(statement)
        if found is None:
            found = self._point_reads[statement] = PointRead(self, statement)
        return found

    async def dispose(self) -> None:
        for point_read in self._point_reads.values():
            point_read.close()
        self._point_reads.clear()
        await self.engine.dispose()


class EventStore(Protocol):
    """What a unit of work stores its emitted events with (the service's outbox)."""

    def pending(self, payload: Any, subject: str | None = None,
                traceparent: str | None = None) -> Any: ...

    async def store(self, session: AsyncSession, events: list[Any]) -> None: ...

    def after_commit(self) -> None: ...


class UnitOfWork:
    """The one transaction of a use case (工作单元), and the events it emits.

    ``async with db.unit_of_work() as uow:`` opens it; leaving the block commits,
    an exception rolls back. Work that must be committed (state, audit entries, inbox
    marks) goes through ``uow.session``; events go through ``uow.emit(event)`` and are
    stored in the outbox in the same transaction, just before it commits, so an event
    leaves exactly when its change was committed. Callbacks added with ``after_commit``
    run only once the commit has succeeded (e.g. waking the relay).
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 writers: asyncio.Lock | None = None, *, outbox: EventStore | None = None,
                 audit: AuditSeal | None = None) -> None:
        self._sessions = sessions
        self._writers = writers
        self._outbox = outbox
        self._emitted: list[Any] = []
        self._before_commit: list[Callable[[], Awaitable[None]]] = []
        self._after_commit: list = []
        self.audit = audit
        self.session: AsyncSession

    @property
    def can_emit(self) -> bool:
        """Whether this unit of work has an outbox to store events in."""
        return self._outbox is not None

    def emit(self, event: Any, *, subject: str | None = None,
             traceparent: str | None = None) -> None:
        """Send ``event`` (a registered payload model) once this unit of work commits."""
        if self._outbox is None:
            raise RuntimeError("this database has no outbox: build it with "
                               "Database(url, outbox=Outbox(source))")
        self._emitted.append(self._outbox.pending(event, subject, traceparent))

    def emit_many(self, events: Sequence[Any],
                  traceparents: Sequence[str | None] | None = None) -> None:
        """``emit`` each of ``events``; ``traceparents``, one per event, when they come
        from several requests (a group commit)."""
        if traceparents is not None and len(traceparents) != len(events):
            raise ValueError(f"{len(traceparents)} traceparents for {len(events)} events")
        for index, emitted in enumerate(events):
            self.emit(emitted, traceparent=traceparents[index] if traceparents else None)

    @property
    def emitted(self) -> int:
        """How many events wait for the commit."""
        return len(self._emitted)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A SAVEPOINT inside the transaction: if the block raises, what it changed is
        rolled back and what it emitted is dropped with it (a message the consumer retries
        alone must not leave the events of its failed attempt behind)."""
        emitted = len(self._emitted)
        try:
            async with self.session.begin_nested():
                yield
        except BaseException:
            del self._emitted[emitted:]
            raise

    def before_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run ``await callback()`` just before the commit (after the block's own work, before
        the emitted events are stored): a use case that gathers rows to write in one go."""
        self._before_commit.append(callback)

    async def __aenter__(self) -> UnitOfWork:
        if self._writers is not None:
            await self._writers.acquire()
        try:
            self.session = self._sessions()
            await self.session.begin()
        except BaseException:
            if self._writers is not None:
                self._writers.release()
            raise
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        stored = False
        try:
            if exc_type is None:
                try:
                    for before in self._before_commit:
                        await before()
                    if self._emitted:
                        assert self._outbox is not None
                        await self._outbox.store(self.session, self._emitted)
                        stored = True
                except BaseException:
                    await self.session.rollback()
                    raise
                await self.session.commit()
            else:
                await self.session.rollback()
        finally:
            self._emitted = []
            await self.session.close()
            if self._writers is not None:
                self._writers.release()
        if exc_type is None:
            if stored:
                assert self._outbox is not None
                self._outbox.after_commit()
            for callback in self._after_commit:
                callback()

    def after_commit(self, callback) -> None:  # type: ignore[no-untyped-def]
        self._after_commit.append(callback)
