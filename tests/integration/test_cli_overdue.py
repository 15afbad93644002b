"""``jianguan overdue``: each passed deadline of every service is announced once (督办)."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner
from sqlalchemy import select, update

from jianguan.cli import main
from services.complaint_intake.models import Complaint
from services.credit_rating.models import Objection, RepairApplication
from shared.migrations import upgrade
from shared.platform_tables import outbox
from tests.clock import START, days_ago
from tests.integration.complaint_intake.conftest import file, filing
from tests.integration.complaint_intake.conftest import make_app as complaint_app
from tests.integration.complaint_intake.conftest import serving as serving_complaints
from tests.integration.credit_rating.conftest import YJGL, register, serving
from tests.integration.credit_rating.conftest import make_app as credit_app
from tests.integration.credit_rating.test_objections import add
from tests.integration.credit_rating.test_objections import file as file_objection
from tests.integration.credit_rating.test_repair import add_general, application

LONG_AGO = days_ago(60)


async def _overdue_objection_and_repair(url: str) -> tuple[str, str]:
    app = credit_app(url)
    async with serving(app) as client:
        uscc = await register(client)
        objection = await file_objection(client, await add(client, uscc, "minor"))
        repair = (await client.post("/v1/repairs", json=application(
            await add_general(client, uscc, days_ago(200))), headers=YJGL)).json()
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(update(Objection).where(
                Objection.id == objection["id"]).values(due_on=LONG_AGO))
            await uow.session.execute(update(RepairApplication).where(
                RepairApplication.id == repair["id"]).values(due_on=LONG_AGO))
    return objection["id"], repair["id"]


async def _overdue_complaint(url: str) -> str:
    app = complaint_app(url)
    async with serving_complaints(app) as client:
        filed = await file(client, filing())
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(update(Complaint).where(
                Complaint.id == filed["complaint_id"]).values(accept_by=LONG_AGO))
    return filed["complaint_id"]


async def _announced(url: str, topic: str) -> list[dict]:
    from shared.db import Database

    db = Database(url)
    try:
        async with db.reader() as session:
            rows = (await session.scalars(select(outbox.c.payload)
                                          .where(outbox.c.topic == topic))).all()
    finally:
        await db.dispose()
    return [json.loads(row)["data"] for row in rows]


def test_overdue_announces_each_passed_deadline_of_every_service_once(tmp_path, monkeypatch):
    credit = f"sqlite+aiosqlite:///{tmp_path}/credit_rating.db"
    complaints = f"sqlite+aiosqlite:///{tmp_path}/complaint_intake.db"
    upgrade("credit_rating", credit)
    upgrade("complaint_intake", complaints)
    objection_id, repair_id = asyncio.run(_overdue_objection_and_repair(credit))
    complaint_id = asyncio.run(_overdue_complaint(complaints))
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", credit)
    monkeypatch.setenv("COMPLAINT_INTAKE_DATABASE_URL", complaints)
    monkeypatch.setenv("JIANGUAN_CLOCK_START", START.isoformat())  # the CLI on the tests' day

    first = CliRunner().invoke(main, ["overdue"])
    again = CliRunner().invoke(main, ["overdue", "--service", "credit-rating"])

    assert first.exit_code == 0, first.output
    assert ("credit-rating: 1 overdue objections and 1 overdue repair decisions announced"
            in first.stdout)
    assert "complaint-intake: 1 overdue complaint deadlines announced" in first.stdout
    assert ("credit-rating: 0 overdue objections and 0 overdue repair decisions announced"
            in again.stdout)
    assert "complaint-intake" not in again.stdout
    objections = asyncio.run(_announced(credit, "credit.objection.overdue.v1"))
    overdue = asyncio.run(_announced(complaints, "complaint.overdue.v1"))
    assert [o["objection_id"] for o in objections] == [objection_id]
    repairs = asyncio.run(_announced(credit, "credit.repair.overdue.v1"))
    assert [r["repair_id"] for r in repairs] == [repair_id]
    assert [o["complaint_id"] for o in overdue] == [complaint_id]
