"""Operator commands: key rotation re-seals every identity under the new key, so the
old key can be dropped; the overdue sweep from the command line raises once."""

from __future__ import annotations

import base64

from sqlalchemy import select, update

from services.complaint_intake.bootstrap import build
from services.complaint_intake.commands import rotate, sweep_overdue
from services.complaint_intake.config import DEV_IDENTITY_KEY
from services.complaint_intake.models import Complaint, ReporterIdentity
from tests.clock import days_ago, service_clock
from tests.integration.complaint_intake.conftest import (
    SCJG,
    SCJG_OFFICER,
    events,
    file,
    filing,
    make_app,
    serving,
    settings_for,
)
from tests.integration.conftest import wait_until

NEW_KEY = "k2026:" + base64.b64encode(b"n" * 32).decode()


async def test_rotation_lets_the_old_key_go(database):
    app = make_app(database)
    async with serving(app) as client:
        filed = await file(client, filing(reporter={"name": "赵六", "phone": "13511112222"}))
    both = build(settings_for(database, identity_keys=f"{NEW_KEY},{DEV_IDENTITY_KEY}",
                              identity_current_key="k2026"), clock=service_clock())
    try:
        assert await rotate(both) >= 1
        assert await rotate(both) == 0
    finally:
        await both.database.dispose()
    rotated = make_app(database, identity_keys=NEW_KEY, identity_current_key="k2026")
    async with serving(rotated) as client:
        read = await client.get(f"/v1/complaints/{filed['complaint_id']}/reporter",
                                headers=SCJG_OFFICER)
        assert read.status_code == 200 and read.json()["phone"] == "13511112222"
        async with rotated.state.db.reader() as session:
            key_ids = set((await session.scalars(select(ReporterIdentity.key_id))).all())
        assert key_ids == {"k2026"}


async def test_the_command_line_sweep_raises_a_passed_deadline_once(database):
    app = make_app(database)
    async with serving(app) as client:
        filed = await file(client, filing())
        long_ago = days_ago(60)
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(update(Complaint).where(
                Complaint.id == filed["complaint_id"]).values(accept_by=long_ago))
        ctx = build(settings_for(database), clock=service_clock())
        try:
            first = await sweep_overdue(ctx)
            again = await sweep_overdue(ctx)
        finally:
            await ctx.database.dispose()
        assert first.endswith(" overdue complaint deadlines") and int(first.split()[0]) >= 1
        assert again == "0 overdue complaint deadlines"
        raised = await events(app, "complaint.overdue.v1", filed["complaint_id"])
        assert [e["due_on"] for e in raised] == [long_ago.isoformat()]
        queue = (await client.get("/v1/queue", params={"overdue": "true"},
                                  headers=SCJG)).json()
        assert filed["complaint_id"] in {item["complaint_id"] for item in queue}


async def test_the_app_sweeps_on_its_own_while_it_runs(database):
    app = make_app(database, overdue_sweep_seconds=0.05)
    async with serving(app) as client:
        filed = await file(client, filing())
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(update(Complaint).where(
                Complaint.id == filed["complaint_id"]).values(accept_by=days_ago(30)))

        async def raised() -> bool:
            return bool(await events(app, "complaint.overdue.v1", filed["complaint_id"]))

        await wait_until(raised, timeout=10, what="the periodic sweep")
