"""Nothing about a minor, and nothing marked secret, is ever published (PN-4): not on the
page, not in the query, the lists, the feeds or an event."""

from __future__ import annotations

from decimal import Decimal

from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.credit_commitments import CommitmentRegistered
from tests.clock import days_ago
from tests.integration.public_notice.conftest import (
    context_of,
    events,
    notices_of,
    penalty,
    register,
    send,
)


async def everything_public(client) -> str:  # type: ignore[no-untyped-def]
    pages = [await client.get(path) for path in (
        "/v1/notices?size=100", "/feeds/administrative_penalty.atom", "/feeds/commitment.atom",
        "/notices?kind=administrative_penalty", "/")]
    return "".join(page.text for page in pages)


async def test_a_minors_record_is_never_published(app, client):
    uscc = await register(app, "青岛市市北区小明便利店")
    concluded = CaseConcluded(
        case_id="市北市监罚〔2026〕7号", uscc=uscc, department="SCJG",
        decision=CaseDecision.PENALTY, severity="minor", fine_yuan=Decimal("500"),
        decided_on=days_ago(3), legal_basis="《烟草专卖法实施条例》第五十六条；经营者系未成年人")
    await send(app, concluded, "case")
    await send(app, penalty(uscc, severity="minor", fine="500", decided_on=days_ago(3)))
    profile = await client.get(f"/v1/entities/{uscc}/public")
    assert profile.status_code == 200 and profile.json()["notices"] == []
    assert "小明便利店" not in await everything_public(client)
    [blocked] = [n for n in await notices_of(app, uscc) if n.status == "blocked"]
    assert blocked.withdrawal_reason == "minor" and "未成年" not in blocked.title
    assert blocked.summary == "" and blocked.decision_basis is None  # no text kept
    assert await events(app, "notice.published.v1", blocked.id) == []


async def test_a_minor_named_by_the_second_event_takes_the_notice_down(app, client):
    uscc = await register(app, "青岛市李沧区青青小吃店")
    await send(app, penalty(uscc, severity="minor", fine="500", decided_on=days_ago(4)))
    [notice] = (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"]
    await send(app, CaseConcluded(
        case_id="李沧市监罚〔2026〕9号", uscc=uscc, department="SCJG",
        decision=CaseDecision.PENALTY, severity="minor", fine_yuan=Decimal("500"),
        decided_on=days_ago(4), legal_basis="当事人（未成年）无证经营"), "case")
    assert (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"] == []
    [withdrawn] = await events(app, "notice.withdrawn.v1", notice["id"])
    assert withdrawn["reason"] == "minor"


async def test_a_trade_secret_mark_blocks_a_commitment(app, client):
    uscc = await register(app, "青岛精工机械有限公司")
    await send(app, CommitmentRegistered(
        commitment_id="C-SECRET", uscc=uscc, kind="public_disclosure", department="SCJG",
        matter=None, decision_ref=None, made_on=days_ago(1), valid_until=None,
        content="本承诺所附工艺参数涉及商业秘密，申请不予公开。"))
    await send(app, CommitmentRegistered(
        commitment_id="C-OPEN", uscc=uscc, kind="public_disclosure", department="SCJG",
        matter=None, decision_ref=None, made_on=days_ago(1), valid_until=None,
        content="本单位承诺产品质量符合国家标准，投诉电话13805328866。"))
    [shown] = (await client.get(f"/v1/entities/{uscc}/public")).json()["notices"]
    assert "138****8866" in shown["summary"] and "工艺参数" not in shown["summary"]
    statuses = sorted((n.reference, n.status) for n in await notices_of(app, uscc))
    assert statuses == [("C-OPEN", "published"), ("C-SECRET", "blocked")]
    assert "工艺参数" not in await everything_public(client)
    assert context_of(app).rules.version == "2026.1"
