"""An entity with a file worth a report: records of each kind and severity across several
departments, a repair, an objection, commitments (some kept, one breached)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    SCJG,
    SCJG_REVIEWER,
    YJGL,
    register,
    token,
)

STHJ = token("STHJ", "officer")
WSJK = token("WSJK", "officer")
XZSP = token("XZSP", "officer")
SEVERITIES = ("minor", "general", "serious")
BASES = ("《中华人民共和国食品安全法》第一百二十四条", "《中华人民共和国广告法》第五十八条",
         "《中华人民共和国安全生产法》第九十九条", "《中华人民共和国大气污染防治法》第九十九条")


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


async def add_record(client: httpx.AsyncClient, uscc: str, headers: dict[str, str],
                     dept: str, kind: str, severity: str | None, days: int,
                     basis: str) -> str:
    body = {"kind": kind, "department": dept, "legal_basis": basis,
            "decided_on": days_ago(days)}
    if severity:
        body["severity"] = severity
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=headers, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def rich_history(client: httpx.AsyncClient, *, records: int = 14, **registration
                       ) -> str:
    """An entity with ``records`` records (the first few of each kind), a repair
    granted, an objection decided, and three commitments."""
    uscc = await register(client, name="青岛海岸食品有限公司", established_on="2012-04-18",
                          **registration)
    by = [(SCJG, "SCJG"), (YJGL, "YJGL"), (STHJ, "STHJ"), (WSJK, "WSJK")]
    ids = []
    for n in range(records):
        headers, dept = by[n % len(by)]
        kind = ("administrative_penalty", "inspection_result", "substantiated_complaint",
                "award")[n % 4]
        severity = None if kind == "award" else SEVERITIES[n % 3]
        ids.append(await add_record(client, uscc, headers, dept, kind, severity,
                                    100 + 97 * n, BASES[n % len(BASES)]))
    repair = await client.post("/v1/repairs", headers=YJGL, json={
        "record_id": ids[0], "obligations_fulfilled": True, "obligations": "罚款已缴纳",
        "public_commitment": "本单位承诺今后严格遵守法律法规，诚信经营"})
    assert repair.status_code == 201, repair.text
    repair = repair.json()
    decided = await client.post(f"/v1/repairs/{repair['id']}:decide", headers=SCJG_REVIEWER,
                                json={"approve": True})
    assert decided.status_code == 200, decided.text
    objection = (await client.post("/v1/objections", headers=YJGL, json={
        "record_id": ids[1], "reason": "检查结论所依据的检测报告有误"})).json()
    assert "id" in objection, objection
    for kind, dept, headers, matter, days in (
            ("approval_substitute", "XZSP", XZSP, "XZSP-001", 300),
            ("public_disclosure", "SCJG", SCJG, None, 120),
            ("industry_self_discipline", "YJGL", YJGL, None, 60)):
        made = await client.post("/v1/commitments", headers=headers, json={
            "uscc": uscc, "kind": kind, "department": dept, "matter": matter,
            "content": "本单位承诺所提交的材料真实有效，按时履行食品安全主体责任，"
                       "接受社会监督", "made_on": days_ago(days)})
        assert made.status_code == 201, made.text
    return uscc
