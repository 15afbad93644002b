"""The overdue sweep (督办) as ``jianguan overdue`` runs it: ``commands.sweep_overdue`` on
the service's context announces each overdue objection and repair decision once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from services.credit_rating.commands import sweep_overdue
from services.credit_rating.models import Objection, RepairApplication
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import YJGL, context_of, events, register
from tests.integration.credit_rating.test_objections import add
from tests.integration.credit_rating.test_objections import file as file_objection
from tests.integration.credit_rating.test_repair import add_general, application, days_ago


async def test_the_sweep_announces_each_overdue_decision_once_and_says_how_many(client):
    uscc = await register(client)
    objection = await file_objection(client, await add(client, uscc, "minor"))
    repair = (await client.post("/v1/repairs", json=application(
        await add_general(client, uscc, days_ago(200))), headers=YJGL)).json()
    ctx = context_of(client.app)
    assert await sweep_overdue(ctx) == "0 overdue objections and 0 overdue repair decisions"

    yesterday = TODAY - timedelta(days=1)  # the due day itself is still in time
    async with ctx.database.unit_of_work() as uow:
        await uow.session.execute(update(Objection).where(
            Objection.id == objection["id"]).values(due_on=yesterday))
        await uow.session.execute(update(RepairApplication).where(
            RepairApplication.id == repair["id"]).values(due_on=yesterday))

    first, again = await sweep_overdue(ctx), await sweep_overdue(ctx)

    assert first == "1 overdue objections and 1 overdue repair decisions"
    assert again == "0 overdue objections and 0 overdue repair decisions"
    [announced] = await events(client.app, "credit.objection.overdue.v1", uscc)
    assert announced["objection_id"] == objection["id"]
    [late] = await events(client.app, "credit.repair.overdue.v1", uscc)
    assert late["repair_id"] == repair["id"]
