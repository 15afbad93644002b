"""A history of credit-rating's state made by the real producer, and the orders the mirrors'
tests deliver its events in (issue 20.1: a copy ends in the producer's state whatever the
order of delivery).

credit-rating (its app, on the tests' clock) registers entities, changes their registry
data, records violations, puts one on the 经营异常名录 long enough to blacklist it and
moves it off again: every kind of state a mirror copies changes more than once, and the
first state of each differs from the last. The history keeps the outbox's envelopes in
the order they were written and the producer's state at the end.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from services.credit_rating.app import create_app
from services.credit_rating.bootstrap import build
from services.credit_rating.config import Settings
from services.credit_rating.domain.periods import add_years
from services.credit_rating.models import AbnormalListing, CreditListEntry, Entity, EntityGrade
from shared.contracts import Envelope
from shared.db import UnitOfWork
from shared.messaging.inbox import first_deliveries
from shared.messaging.subscriptions import Consumers
from shared.platform_tables import outbox
from shared.uscc import generate_many
from tests.clock import TODAY, days_ago, service_clock
from tests.integration.service_kit import bearer, serving

REGISTRAR, SCJG = bearer("SCJG", "registrar"), bearer("SCJG", "officer")
SEED = 2011
_codes = iter(generate_many(400, seed=20261208))


@dataclass(frozen=True)
class ProducerState:
    """credit-rating's state at the end of the history, as the mirrors copy it."""

    entities: dict[str, dict[str, Any]]  # registry data announced, by USCC
    grades: dict[str, tuple[str, bool, str]]  # grade, no_penalty_3y, rule version
    blacklisted: dict[str, bool]  # USCC: on the 严重失信主体名单 (announced ones)
    abnormal: dict[str, tuple[str, bool]]  # listing id: (USCC, still listed)


@dataclass(frozen=True)
class History:
    envelopes: list[Envelope]  # credit-rating's outbox, oldest first
    state: ProducerState
    usccs: list[str]

    def of(self, consumers: Consumers) -> list[Envelope]:
        """The events ``consumers`` take, oldest first."""
        return [e for e in self.envelopes if e.name in consumers.consumed]


def orders(events: Sequence[Envelope]) -> dict[str, list[Envelope]]:
    """The deliveries every mirror must end the same after: in order, in reverse, shuffled
    (seeded), and a replay after a loss: the newer half and a seeded third of the older
    events were delivered, then the whole range is replayed in order (the inbox drops what
    it has seen; the older ones it has not arrive after newer ones)."""
    shuffled = list(events)
    random.Random(SEED).shuffle(shuffled)
    pick = random.Random(SEED + 1)
    half = len(events) // 2
    delivered = [e for i, e in enumerate(events) if i >= half or pick.random() < 1 / 3]
    return {"in order": list(events), "reversed": list(reversed(events)),
            "shuffled": shuffled, "replayed": delivered + list(events)}


async def deliver(consumers: Consumers, context: Any,
                  units: Callable[[], Any], events: Sequence[Envelope],
                  batch: int = 1) -> None:
    """Deliver ``events`` as the consumer runner does: ``batch`` at a time in one unit of
    work, each once (the inbox), to the function registered for its type."""
    subscriptions = consumers.bind(context)
    for start in range(0, len(events), batch):
        chunk = list(events[start:start + batch])
        uow: UnitOfWork
        async with units() as uow:
            fresh = await first_deliveries(uow.session, subscriptions.group, chunk)
            for envelope in chunk:
                if envelope.id in fresh:
                    fresh.discard(envelope.id)
                    await subscriptions.handlers[envelope.name](uow, envelope)


def credit_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any):  # type: ignore[no-untyped-def]
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                        **{"relay_enabled": False, "consumers_enabled": False, **overrides})
    return create_app(context=build(settings, clock=service_clock()))


async def make_history(client: httpx.AsyncClient,
                       between: Callable[[], Awaitable[None]] | None = None) -> list[str]:
    """The history on credit-rating's served app; ``between`` runs halfway. Its USCCs."""
    usccs = [next(_codes) for _ in range(4)]
    first, listed, graded, plain = usccs
    for number, uscc in enumerate(usccs):
        await _register(client, uscc, f"青岛顺序测试{number}有限公司", "370211")
    await _register(client, first, "青岛顺序测试更名有限公司", "370212")
    listing = await _abnormal(client, first, add_years(TODAY, -3) - timedelta(days=10))
    await _abnormal(client, listed, add_years(TODAY, -3) - timedelta(days=20))
    await _record(client, graded, "minor")
    await _abnormal(client, plain, days_ago(30))
    if between is not None:
        await between()
    removed = await client.post(f"/v1/abnormal-listings/{listing}:remove", headers=SCJG,
                                json={"removed_on": TODAY.isoformat(), "reason": "已补报"})
    assert removed.status_code == 200, removed.text
    await _record(client, first, "minor")
    await _record(client, first, "minor", "substantiated_complaint")
    await _register(client, first, "青岛顺序测试再更名有限公司", "370213")
    await _register(client, listed, "青岛顺序测试名单有限公司", "370214")
    await _record(client, graded, "general")
    await _register(client, graded, "青岛顺序测试降级有限公司", "370211")
    return usccs


async def credit_history(url: str) -> History:
    """Make the history on a migrated credit-rating database at ``url``."""
    app = credit_app(url)
    async with serving(app, base_url="http://credit.test") as client:
        usccs = await make_history(client)
    history = History(await outbox_envelopes(app), await producer_state(app, usccs), usccs)
    await app.state.context.database.dispose()
    return history


async def outbox_envelopes(app) -> list[Envelope]:  # type: ignore[no-untyped-def]
    async with app.state.db.reader() as session:
        payloads = (await session.execute(
            select(outbox.c.payload).order_by(outbox.c.id))).scalars().all()
    return [Envelope.from_json(payload) for payload in payloads]


async def producer_state(app, usccs: list[str]) -> ProducerState:  # type: ignore[no-untyped-def]
    async with app.state.db.reader() as session:
        entities = (await session.scalars(select(Entity).where(Entity.uscc.in_(usccs)))).all()
        grades = (await session.scalars(
            select(EntityGrade).where(EntityGrade.uscc.in_(usccs)))).all()
        lists = (await session.scalars(select(CreditListEntry).where(
            CreditListEntry.uscc.in_(usccs), CreditListEntry.list_kind == "blacklist"))).all()
        listings = (await session.scalars(
            select(AbnormalListing).where(AbnormalListing.uscc.in_(usccs)))).all()
    return ProducerState(
        entities={e.uscc: {"name": e.name, "region": e.region, "industry": e.industry,
                           "established_on": e.established_on} for e in entities},
        grades={g.uscc: (g.grade, g.no_penalty_3y, g.rule_version) for g in grades},
        blacklisted={row.uscc: row.listed for row in lists},
        abnormal={row.id: (row.uscc, row.removed_on is None) for row in listings})


async def _register(client: httpx.AsyncClient, uscc: str, name: str, region: str) -> None:
    answer = await client.post("/v1/entities", headers=REGISTRAR, json={
        "uscc": uscc, "name": name, "legal_representative": "张三",
        "registered_address": "青岛市黄岛区长江路 1 号", "region": region,
        "industry": "C1391", "established_on": "2015-03-01"})
    assert answer.status_code in (200, 201), answer.text


async def _abnormal(client: httpx.AsyncClient, uscc: str, listed_on: date) -> str:
    answer = await client.post(f"/v1/entities/{uscc}/abnormal-listings", headers=SCJG, json={
        "department": "SCJG", "reason": "通过登记的住所无法联系",
        "listed_on": listed_on.isoformat()})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def _record(client: httpx.AsyncClient, uscc: str, severity: str,
                  kind: str = "administrative_penalty") -> None:
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        "kind": kind, "severity": severity, "department": "SCJG",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "decided_on": days_ago(10).isoformat()})
    assert answer.status_code == 201, answer.text
