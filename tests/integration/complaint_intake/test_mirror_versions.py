"""The entity mirror subjects are matched against ends in credit-rating's registry whatever
the order its events arrive in (issue 20.1): an older ``credit.entity.upserted.v1`` than
the one applied (a replay after a broker loss) changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.complaint_intake.app import create_app
from services.complaint_intake.bootstrap import build
from services.complaint_intake.config import Settings
from services.complaint_intake.consumers import consumers
from services.complaint_intake.domain.matching import name_key
from services.complaint_intake.models import MirroredEntity
from tests.clock import service_clock
from tests.integration.conftest import backend_params
from tests.integration.credit_history import credit_history, deliver, orders
from tests.integration.service_kit import migrated_database


@pytest.fixture(scope="module", params=backend_params())
def backend(request) -> str:  # type: ignore[no-untyped-def]
    return str(request.param)


async def test_the_entity_mirror_ends_as_credit_rating_left_it_in_any_order(
        backend, tmp_path_factory):  # type: ignore[no-untyped-def]
    async with migrated_database("credit_rating", backend, tmp_path_factory) as url:
        history = await credit_history(url)
    events = history.of(consumers)
    want = {uscc: (e["name"], name_key(e["name"])[:200], e["region"])
            for uscc, e in history.state.entities.items()}
    ended = {}
    for order, delivered in orders(events).items():
        async with migrated_database("complaint_intake", backend, tmp_path_factory) as url:
            app = create_app(context=build(Settings(
                database_url=url, relay_enabled=False, consumers_enabled=False),
                clock=service_clock()))
            ctx = app.state.context
            await deliver(consumers, ctx, ctx.database.unit_of_work, delivered,
                          batch=1 if order == "in order" else 3)
            async with ctx.database.reader() as session:
                rows = (await session.scalars(select(MirroredEntity).where(
                    MirroredEntity.uscc.in_(history.usccs)))).all()
            ended[order] = {row.uscc: (row.name, row.name_key, row.region) for row in rows}
            await ctx.database.dispose()
    assert {order: copy for order, copy in ended.items() if copy != want} == {}, want
