"""``case.concluded.v1`` on a real broker: a penalty concluded in case-transfer becomes the
entity's credit record in credit-rating (CR-2), as credit-rating consumes it today."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from services.credit_rating.app import create_app as credit_app
from services.credit_rating.bootstrap import build as credit_build
from services.credit_rating.config import Settings as CreditSettings
from tests.clock import TODAY, service_clock
from tests.integration import service_kit
from tests.integration.case_transfer.conftest import SCJG, SCJG_HEAD, make_app, serving
from tests.integration.case_transfer.flows import (
    call,
    draft,
    fresh_uscc,
    investigate,
    open_case,
)
from tests.integration.conftest import backend_params, wait_until
from tests.integration.service_kit import bearer, migrated_database


@pytest.fixture(scope="module", params=backend_params())
async def databases(request, tmp_path_factory) -> AsyncIterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A case-transfer and a credit-rating database at head, on the same backend."""
    async with migrated_database("case_transfer", request.param, tmp_path_factory) as case, \
            migrated_database("credit_rating", request.param, tmp_path_factory) as credit:
        yield case, credit


async def test_a_concluded_penalty_becomes_a_credit_record(databases, broker):
    case_url, credit_url = databases
    uscc = fresh_uscc()
    cases = make_app(case_url, bootstrap=broker.bootstrap, relay_enabled=True,
                     relay_poll_interval=0.05)
    credit = credit_app(context=credit_build(CreditSettings(
        database_url=credit_url, kafka_bootstrap_servers=broker.bootstrap,
        relay_enabled=False, consumers_enabled=True, audit_checkpoint_seconds=0),
        clock=service_clock()))
    async with service_kit.serving(credit, base_url="http://credit.test") as ratings, \
            serving(cases) as client:
        await call(ratings, "POST", "/v1/entities", bearer("SCJG", "registrar"), 201,
                   uscc=uscc, name="青岛移送测试食品有限公司", legal_representative="张三",
                   registered_address="青岛市市南区香港中路 1 号", region="370202",
                   industry="F5221", established_on="2016-05-01")
        case = await open_case(client, SCJG, uscc=uscc)
        await investigate(client, case["id"], SCJG)
        await call(client, "POST", f"/v1/cases/{case['id']}/decision", SCJG_HEAD, 201,
                   **draft())
        for step in ("service", "execution", "conclusion"):
            await call(client, "POST", f"/v1/cases/{case['id']}/{step}", SCJG)

        async def recorded() -> list[dict]:
            answer = await ratings.get(f"/v1/entities/{uscc}/records",
                                       headers=bearer("SCJG", "officer"))
            return answer.json() if answer.status_code == 200 else []

        async def arrived() -> bool:
            return bool(await recorded())

        await wait_until(arrived, timeout=60, what="the credit record of the concluded case")
        [record] = await recorded()
        assert record == {**record, "kind": "administrative_penalty", "severity": "general",
                          "department": "SCJG", "decided_on": TODAY.isoformat(),
                          "legal_basis": draft()["legal_basis"]}
