"""Steps the case-transfer tests take through the API (办案步骤), each asserting its
status, so a test reads as the procedure it checks."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from shared.uscc import generate_many

_codes = iter(generate_many(3000, seed=13131313, region="370202"))
OFFICERS = ["SCJG-370200-0117", "SCJG-370200-0245"]
FOUR_DOCUMENTS = ("transfer_letter", "investigation_report", "seized_items_list",
                  "inspection_conclusion")


def fresh_uscc() -> str:
    return next(_codes)


def document(kind: str, title: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "title": title or kind, "size_bytes": 1024,
            "sha256": hashlib.sha256(kind.encode()).hexdigest(), "media_type": "application/pdf"}


def new_case(**changes: Any) -> dict[str, Any]:
    return {"kind": "case", "uscc": fresh_uscc(), "title": "销售超过保质期的食品",
            "facts": "检查发现货架上有超过保质期的牛奶十二盒。", "severity": "general",
            "investigators": OFFICERS, **changes}


async def call(client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str],
               status: int = 200, **body: Any) -> dict[str, Any]:
    answer = await client.request(method, path, headers=headers,
                                  json=None if method == "GET" else body)
    assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text}"
    return answer.json()


async def open_case(client: httpx.AsyncClient, headers: dict[str, str],
                    **changes: Any) -> dict[str, Any]:
    return await call(client, "POST", "/v1/cases", headers, 201, **new_case(**changes))


async def investigate(client: httpx.AsyncClient, case_id: str, headers: dict[str, str]) -> None:
    await call(client, "POST", f"/v1/cases/{case_id}/evidence", headers,
               description="现场检查笔录与照片", officers=OFFICERS,
               documents=[document("evidence", "现场检查笔录")])


async def to_police(client: httpx.AsyncClient, case_id: str, officer: dict[str, str],
                    head: dict[str, str]) -> dict[str, Any]:
    """Proposed, approved and delivered with the four documents."""
    await call(client, "POST", f"/v1/cases/{case_id}/police-transfer", officer, 201,
               grounds="销售明知是有毒有害的食品, 涉嫌生产、销售有毒、有害食品罪",
               officers=OFFICERS)
    await call(client, "POST", f"/v1/cases/{case_id}/police-transfer/head-decision", head,
               approve=True)
    return await call(client, "POST", f"/v1/cases/{case_id}/police-transfer/delivery", officer,
                      documents=[document(kind) for kind in FOUR_DOCUMENTS])


def draft(**changes: Any) -> dict[str, Any]:
    """A decision draft inside benchmark SP-124-1 (从轻: 罚款 50000–65000 元)."""
    return {"outcome": "penalty", "violation_code": "SP-124-1", "circumstance": "lenient",
            "measures": ["fine", "confiscation"], "fine_yuan": "60000",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款", **changes}
