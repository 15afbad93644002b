"""Penalties become notices once each, masked, on time, for their rule's period (PN-1,
PN-4, PN-6; SAMR art. 13 and the credit regimes)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from services.public_notice import consumers
from services.public_notice.domain.periods import add_months
from shared.audit import verify_chain
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.complaint import ComplaintSubstantiated
from shared.platform_tables import audit_log
from shared.workdays import add_workdays
from tests.clock import TODAY, days_ago
from tests.integration.public_notice.conftest import (
    context_of,
    deliver,
    envelope,
    events,
    notices_of,
    penalty,
    register,
    send,
)

LEGAL_BASIS = ("《中华人民共和国食品安全法》第一百二十四条（经查，举报人王小明反映的问题属实，"
               "联系电话13905321234）")


def case(uscc: str, **changes: object) -> CaseConcluded:
    values = {"case_id": f"青市监罚〔2026〕{uscc[-4:]}号", "uscc": uscc, "department": "SCJG",
              "decision": CaseDecision.PENALTY, "severity": "general",
              "fine_yuan": Decimal("20000"), "decided_on": days_ago(2),
              "legal_basis": LEGAL_BASIS, **changes}
    return CaseConcluded(**values)  # type: ignore[arg-type]


AHEAD = pytest.mark.parametrize("ahead", [True, False], ids=["batch", "one_by_one"])


@AHEAD
async def test_a_penalty_event_is_on_the_page_within_the_rules_days_and_masked(app, client,
                                                                              ahead):
    uscc = await register(app)
    await send(app, case(uscc), "case", read_ahead=ahead)
    # credit-rating's record of it
    await send(app, penalty(uscc, kind="fine", fine="20000"), read_ahead=ahead)

    page = await client.get(f"/entities/{uscc}")
    assert page.status_code == 200
    assert "行政处罚决定：罚款 20,000 元" in page.text and "青岛市市场监督管理局" in page.text
    profile = (await client.get(f"/v1/entities/{uscc}/public")).json()
    [notice] = profile["notices"]  # the case and its record make one notice
    assert notice["decision_basis"] == ("《中华人民共和国食品安全法》第一百二十四条（经查，举报人"
                                        "王某某反映的问题属实，联系电话139****1234）")
    detail = await client.get(notice["path"])
    assert "139****1234" in detail.text and "13905321234" not in detail.text
    assert "王小明" not in detail.text
    assert notice["department_name"] == "青岛市市场监督管理局"
    assert notice["legal_basis"].startswith("《中华人民共和国行政处罚法》第四十八条")
    assert notice["published_on"] == TODAY.isoformat()
    [stored] = await notices_of(app, uscc)  # published within the rule's 7 WD
    assert stored.publish_due == add_workdays(days_ago(2), 7)
    assert stored.published_on <= stored.publish_due
    assert notice["public_until"] == (add_months(TODAY, 3) - timedelta(days=1)).isoformat()
    announced = await events(app, "notice.published.v1", notice["id"])
    assert announced and {a["department"] for a in announced} == {"SCJG"}
    assert "13905321234" not in str(announced)


@AHEAD
async def test_the_same_event_twice_makes_one_notice(app, ahead):
    uscc = await register(app)
    once = envelope(penalty(uscc, fine="5000"))
    await deliver(app, once, once, read_ahead=ahead)  # twice in one batch
    await deliver(app, once, read_ahead=ahead)  # and again later, past the inbox (a replay)
    [notice] = await notices_of(app, uscc)
    assert len(await events(app, "notice.published.v1", notice.id)) == 1


async def test_a_general_penalty_with_a_large_fine_stays_three_years_not_one(app, client):
    uscc = await register(app)
    await send(app, case(uscc, fine_yuan=Decimal("200000")), "case")
    other = await register(app, "青岛绿源环保科技有限公司")
    await send(app, penalty(other, department="STHJ", fine="200000"))
    samr = (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"][0]
    assert samr["public_until"] == (add_months(TODAY, 36) - timedelta(days=1)).isoformat()
    credit = (await client.get(f"/v1/entities/{other}/public")).json()["notices"][0]
    assert credit["public_until"] == (add_months(days_ago(2), 12)
                                      - timedelta(days=1)).isoformat()
    assert credit["repairable_from"] == add_months(days_ago(2), 3).isoformat()


async def test_a_serious_penalty_is_on_the_exposure_board(app, client):
    uscc = await register(app, "青岛福满楼餐饮管理有限公司")
    await send(app, penalty(uscc, severity="serious", kind="business_restriction",
                            fine="300000", ban_until=add_months(TODAY, 60)))
    board = (await client.get("/v1/notices", params={"exposed": "true", "size": 100})).json()
    assert uscc in {item["uscc"] for item in board["items"]}
    [notice] = (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"]
    assert notice["public_until"] == add_months(TODAY, 60).isoformat()  # as long as the ban


@AHEAD
async def test_a_substantiated_complaint_and_its_record_make_one_notice(app, client, ahead):
    uscc = await register(app, "青岛优品超市有限公司")
    finding = ComplaintSubstantiated(complaint_id=f"CP-{uscc[-6:]}", uscc=uscc,
                                     category="food_safety", handling_department="SCJG",
                                     substantiated_on=days_ago(3), severity="general")
    await send(app, finding, "complaint", read_ahead=ahead)
    record = penalty(uscc, decided_on=days_ago(3)).model_copy(
        update={"kind": "substantiated_complaint"})
    await send(app, record, read_ahead=ahead)
    minor = await register(app, "青岛小小超市有限公司")
    await send(app, finding.model_copy(update={"uscc": minor, "severity": "minor"}),
               "complaint")
    [notice] = (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"]
    assert notice["title"] == "投诉举报查实：食品安全"
    assert (await notices_of(app, uscc))[0].record_id == record.record_id
    assert (await notices_of(app, minor)) == []  # 轻微: not published


async def test_every_publication_is_in_the_audit_chain(app):
    uscc = await register(app)
    await send(app, penalty(uscc, fine="5000"))
    [notice] = await notices_of(app, uscc)
    ctx = context_of(app)
    async with ctx.database.reader() as session:
        actions = (await session.scalars(select(audit_log.c.action).where(
            audit_log.c.subject == notice.id))).all()
        report = await verify_chain(session, ctx.database.audit.key)
    assert actions == ["notice.published"]
    assert report.intact


async def test_a_message_retried_after_a_rolled_back_attempt_still_takes_effect(app):
    """The consumer's retry path runs each message in a savepoint of one transaction: an
    attempt that completed a notice and then failed is rolled back, and the retry must
    not be skipped as already seen."""
    uscc = await register(app)
    await send(app, case(uscc), "case")
    record = envelope(penalty(uscc, kind="fine", fine="20000"))
    ctx = context_of(app)
    handle = consumers.consumers.bind(ctx).handlers[record.name]
    async with ctx.database.unit_of_work() as uow:
        with pytest.raises(RuntimeError):
            async with uow.session.begin_nested():
                await handle(uow, record)
                raise RuntimeError("the handler failed after its work")
        async with uow.session.begin_nested():
            await handle(uow, record)
    [notice] = await notices_of(app, uscc)
    assert notice.record_id == record.data["record_id"]
