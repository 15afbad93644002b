"""Typed dependencies of the HTTP edge (依赖项): ``uow: UnitOfWorkDep`` and friends.

Everything comes from ``app.state``, filled by the app's lifespan. Every dependency
is ``async def``: FastAPI runs a plain ``def`` dependency on a worker thread, a thread
round trip on every request (it cut 逢办必查's throughput by a third). The unit of work
closes (commits, or rolls back on an exception) when the endpoint returns, before
the response is sent: a caller never sees a success that was not committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.context import ServiceContext
from shared.db import Database, UnitOfWork
from shared.reference import ReferenceData


async def context(request: Request) -> ServiceContext:
    """The service's context (its ``bootstrap.build``); a service narrows the type with
    ``Annotated[CreditContext, Depends(context)]``."""
    return request.app.state.context


async def today(request: Request) -> date:
    """Today in China, from the service clock."""
    return request.app.state.context.clock.today()


async def database(request: Request) -> Database:
    return request.app.state.db


async def unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    async with request.app.state.db.unit_of_work() as uow:
        yield uow


async def reader(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.db.reader() as session:
        yield session


async def reference(request: Request) -> ReferenceData:
    return request.app.state.reference


TodayDep = Annotated[date, Depends(today)]
DatabaseDep = Annotated[Database, Depends(database)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work, scope="function")]
ReaderDep = Annotated[AsyncSession, Depends(reader, scope="function")]
ContextDep = Annotated[ServiceContext, Depends(context)]
ReferenceDep = Annotated[ReferenceData, Depends(reference)]
