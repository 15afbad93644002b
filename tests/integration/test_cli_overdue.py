"""``jianguan overdue``: each passed deadline of every service is announced once (督办)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select, update

from jianguan.cli import main
from services.case_transfer.models import CaseDeadline
from services.complaint_intake.models import Complaint
from services.credit_rating.models import Objection, RepairApplication
from shared.migrations import upgrade
from shared.platform_tables import outbox
from tests.clock import START, days_ago
from tests.integration.case_transfer.conftest import SCJG as CASE_SCJG
from tests.integration.case_transfer.conftest import make_app as case_app
from tests.integration.case_transfer.conftest import serving as serving_cases
from tests.integration.case_transfer.flows import call, document, open_case
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


async def _overdue_transfer(url: str) -> str:
    app = case_app(url)
    async with serving_cases(app) as client:
        case = await open_case(client, CASE_SCJG)
        await call(client, "POST", f"/v1/cases/{case['id']}/transfers", CASE_SCJG, 201,
                   to_department="WSJK", reasons="属卫生健康部门职责",
                   attachments=[document("referral", "移送函")])
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(update(CaseDeadline).where(
                CaseDeadline.case_id == case["id"]).values(
                    due_at=START - timedelta(days=30), due_on=LONG_AGO))
    return case["id"]


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
    cases = f"sqlite+aiosqlite:///{tmp_path}/case_transfer.db"
    upgrade("credit_rating", credit)
    upgrade("complaint_intake", complaints)
    upgrade("case_transfer", cases)
    objection_id, repair_id = asyncio.run(_overdue_objection_and_repair(credit))
    complaint_id = asyncio.run(_overdue_complaint(complaints))
    case_id = asyncio.run(_overdue_transfer(cases))
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", credit)
    monkeypatch.setenv("COMPLAINT_INTAKE_DATABASE_URL", complaints)
    monkeypatch.setenv("CASE_TRANSFER_DATABASE_URL", cases)
    monkeypatch.setenv("JIANGUAN_VAR_DIR", str(tmp_path))  # nothing written beside the repo
    monkeypatch.setenv("JIANGUAN_CLOCK_START", START.isoformat())  # the CLI on the tests' day

    first = CliRunner().invoke(main, ["overdue"])
    again = CliRunner().invoke(main, ["overdue", "--service", "credit-rating"])

    assert first.exit_code == 0, first.output
    assert ("credit-rating: 1 overdue objections and 1 overdue repair decisions announced"
            in first.stdout)
    assert "complaint-intake: 1 overdue complaint deadlines announced" in first.stdout
    assert "case-transfer: 1 overdue case deadlines announced" in first.stdout
    assert ("credit-rating: 0 overdue objections and 0 overdue repair decisions announced"
            in again.stdout)
    assert "complaint-intake" not in again.stdout
    objections = asyncio.run(_announced(credit, "credit.objection.overdue.v1"))
    overdue = asyncio.run(_announced(complaints, "complaint.overdue.v1"))
    assert [o["objection_id"] for o in objections] == [objection_id]
    repairs = asyncio.run(_announced(credit, "credit.repair.overdue.v1"))
    assert [r["repair_id"] for r in repairs] == [repair_id]
    assert [o["complaint_id"] for o in overdue] == [complaint_id]
    escalated = asyncio.run(_announced(cases, "case.overdue.v1"))
    assert [e["case_id"] for e in escalated] == [case_id]
