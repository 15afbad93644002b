"""The entity registry (市场主体名录, CR-1): a registrar registers one entity or changes its
registry data; anyone with a token reads it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.entity import tolerance_problem
from services.credit_rating.handlers.commands import EntityRegistration
from services.credit_rating.handlers.errors import unusable
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.registry_rows import (
    RegistryChanges,
    registry_values,
    save_registrations,
)
from services.credit_rating.models import Entity
from shared.db import UnitOfWork


async def upsert_entity(ctx: CreditContext, uow: UnitOfWork, registration: EntityRegistration,
                        *, actor: str) -> tuple[Entity, RegistryChanges]:
    """Register one entity or change its registry data (no event when nothing changed)."""
    problem = tolerance_problem(registration.established_on, registration.tolerance_until,
                                ctx.rules)
    if problem is not None:
        unusable("body.tolerance_until", problem)
    changes = await save_registrations(ctx, uow, [registry_values(registration)],
                                       actor=actor, as_of=ctx.clock.today())
    entity = await uow.session.get(Entity, registration.uscc, populate_existing=True)
    assert entity is not None
    return entity, changes


async def get_entity(session: AsyncSession, uscc: str) -> Entity:
    return await find_entity(session, uscc)
