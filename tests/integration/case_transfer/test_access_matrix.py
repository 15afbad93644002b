"""Who may see and change a case (BOLA matrix, item 9): a second department's token, with
every role, fails on every write to another department's case and changes nothing; a
token without the role is refused naming it; reads show a department only its own cases,
those transferred to or shared with it, and JCY every 行刑衔接 case."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shared.platform_tables import audit_log, outbox
from tests.integration.case_transfer.conftest import (
    JCY,
    SCJG,
    SCJG_NO_ROLES,
    SF,
    token,
)
from tests.integration.case_transfer.flows import (
    FOUR_DOCUMENTS,
    OFFICERS,
    call,
    document,
    draft,
    open_case,
)

ATTACKERS = {dept: token(dept, "officer", "head", "reviewer", "operator")
             for dept in ("WSJK", "GA", "JCY")}


async def _world(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Case B: SCJG's, under legal review, shared with STHJ (joint action, 协查), with a
    行刑衔接 proposed and a JCY 督办 to SCJG. Case C: SCJG's clue, transferred to STHJ."""
    b = await open_case(client, SCJG)
    review = await call(client, "POST", f"/v1/cases/{b['id']}/legal-reviews", SCJG, 201,
                        **draft())
    action = await call(client, "POST", f"/v1/cases/{b['id']}/joint-actions", SCJG, 201,
                        departments=["STHJ"], purpose="联合检查")
    asked = await call(client, "POST", f"/v1/cases/{b['id']}/assistance-requests", SCJG, 201,
                       to_department="STHJ", request="请协查")
    await call(client, "POST", f"/v1/cases/{b['id']}/police-transfer", SCJG, 201,
               grounds="涉嫌犯罪", officers=OFFICERS)
    supervision = await call(client, "POST", f"/v1/cases/{b['id']}/supervisions", JCY, 201,
                             instruction="请依法及时作出移送决定")
    c = await open_case(client, SCJG, kind="clue", investigators=None)
    transfer = await call(client, "POST", f"/v1/cases/{c['id']}/transfers", SCJG, 201,
                          to_department="STHJ", reasons="移送测试")
    return {"b": b["id"], "c": c["id"], "review": review["id"], "action": action["id"],
            "assistance": asked["id"], "supervision": supervision["id"],
            "transfer": transfer["id"]}


def _writes(ids: dict[str, str]) -> list[tuple[str, dict[str, Any], set[str]]]:
    """(path, body, departments allowed to do it) of every write route."""
    b, docs = f"/v1/cases/{ids['b']}", [document(k) for k in FOUR_DOCUMENTS]
    return [
        ("/v1/cases/" + ids["c"] + "/registration", {"investigators": OFFICERS}, set()),
        ("/v1/cases/" + ids["c"] + "/dropping", {"reason": "不立案"}, set()),
        (f"{b}/evidence", {"description": "x", "officers": OFFICERS}, set()),
        (f"{b}/service", {}, set()), (f"{b}/execution", {}, set()),
        (f"{b}/conclusion", {}, set()),
        (f"{b}/transfers", {"to_department": "NYNC", "reasons": "移送"}, set()),
        (f"{b}/police-transfer", {"grounds": "x", "officers": OFFICERS}, set()),
        (f"{b}/police-transfer/head-decision", {"approve": True}, set()),
        (f"{b}/police-transfer/delivery", {"documents": docs}, set()),
        (f"{b}/police-transfer/police-decision", {"filed": True}, set()),
        (f"{b}/police-transfer/reconsideration", {"reason": "复议"}, set()),
        (f"{b}/police-transfer/reconsideration-answer",
         {"reverse": True, "reason": "维持原决定"}, set()),
        (f"{b}/legal-reviews", draft(), set()),
        (f"/v1/legal-reviews/{ids['review']}/opinion",
         {"reviewer": "X-LR-1", "passed": True, "opinion": "同意"}, set()),
        (f"{b}/decision", draft(), set()),
        (f"{b}/joint-actions", {"departments": ["NYNC"], "purpose": "x"}, set()),
        (f"/v1/joint-actions/{ids['action']}/answer", {"join": True}, set()),
        (f"{b}/assistance-requests", {"to_department": "NYNC", "request": "x"}, set()),
        (f"/v1/assistance-requests/{ids['assistance']}/answer", {"answer": "x"}, set()),
        (f"{b}/supervisions", {"instruction": "督办"}, {"JCY"}),
        (f"/v1/supervisions/{ids['supervision']}/answer", {"answer": "x"}, set()),
        (f"/v1/transfers/{ids['transfer']}/acceptance", {}, set()),
        (f"/v1/transfers/{ids['transfer']}/return", {"reason": "退回"}, set()),
    ]


async def _snapshot(client, ids: dict[str, str]) -> tuple:  # type: ignore[no-untyped-def]
    cases = [await call(client, "GET", f"/v1/cases/{ids[k]}", SCJG) for k in ("b", "c")]
    records = [await call(client, "GET", f"/v1/cases/{ids[k]}/record", SCJG) for k in ("b", "c")]
    async with client.app.state.db.reader() as session:
        counts = [await session.scalar(select(func.count()).select_from(t))
                  for t in (outbox, audit_log)]
    return cases, records, counts


async def test_no_other_department_changes_a_case_and_nothing_moves(client):
    ids = await _world(client)
    before = await _snapshot(client, ids)
    for path, body, allowed in _writes(ids):
        for dept, headers in ATTACKERS.items():
            if dept in allowed:
                continue
            answer = await client.post(path, headers=headers, json=body)
            assert answer.status_code in (403, 404), (dept, path, answer.text)
            if answer.status_code == 403:
                assert answer.json()["type"].endswith("not-your-department"), (dept, path)
    assert await _snapshot(client, ids) == before


async def test_a_token_without_the_role_is_refused_naming_it(client):
    ids = await _world(client)
    before = await _snapshot(client, ids)
    for path, body, _ in _writes(ids):
        answer = await client.post(path, headers=SCJG_NO_ROLES, json=body)
        assert answer.status_code == 403, path
        assert answer.json()["type"].endswith("role-missing") and "needs the role" in \
            answer.json()["detail"]
    assert await _snapshot(client, ids) == before


async def test_each_department_reads_only_what_it_may(client):
    ids = await _world(client)
    b, c = ids["b"], ids["c"]
    expected = {"WSJK": set(), "GA": set(), "JCY": {b}, "STHJ": {b, c}, "SCJG": {b, c},
                "SF": set()}
    for dept, visible in expected.items():
        headers = token(dept, "officer")
        for case_id in (b, c):
            for suffix in ("", "/record"):
                answer = await client.get(f"/v1/cases/{case_id}{suffix}", headers=headers)
                assert answer.status_code == (200 if case_id in visible else 404), \
                    (dept, case_id, suffix)
        listed = {case["id"] for case in await call(client, "GET", "/v1/cases?limit=200",
                                                    headers)}
        assert listed & {b, c} == visible, dept
    criminal = await call(client, "GET", "/v1/cases?criminal=true&limit=200", JCY)
    assert all(case["criminal_state"] is not None for case in criminal)
    other = await client.get("/v1/evaluation?department=SCJG", headers=ATTACKERS["WSJK"])
    assert other.status_code == 403
    assert (await client.get("/v1/evaluation?department=SCJG", headers=SF)).status_code == 200
