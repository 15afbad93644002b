"""Nothing a caller sends gives a 500: extreme values get a 422 naming the field, on
SQLite and PostgreSQL alike (PostgreSQL refuses a NUL inside text, so a NUL that got
through the edge was a 500 there; ``0`` was read as a day or a flag, ``true`` as 1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.complaint_intake.conftest import (
    SCJG,
    SCJG_REVIEWER,
    file,
    filing,
    fresh_uscc,
)

HUGE = 10**30
LONG = "长" * 10_000

BAD_FILINGS: list[tuple[str, dict[str, Any], str]] = [
    ("nul-in-description", {"description": "超市售卖\x00过期牛奶"}, "body.description"),
    ("escape-in-description", {"description": "超市\x1b[31m售卖"}, "body.description"),
    ("nul-in-subject-name", {"subject": {"name": "某某\x00商店"}}, "body.subject.name"),
    ("tab-in-address", {"subject": {"name": "某某商店", "address": "人民路\t8号"}},
     "body.subject.address"),
    ("nul-in-reporter-phone", {"reporter": {"phone": "1390000\x001111"}},
     "body.reporter.phone"),
    ("nul-in-category", {"category": "food\x00safety"}, "body.category"),
    ("long-subject-name", {"subject": {"name": LONG}}, "body.subject.name"),
    ("long-description", {"description": LONG + "长"}, "body.description"),
    ("arabic-digits-region", {"region": "٣٧٠٢١١"}, "body.region"),
    ("zero-as-flag", {"internal_whistleblower": 0}, "body.internal_whistleblower"),
    ("string-as-flag", {"internal_whistleblower": "yes"}, "body.internal_whistleblower"),
    ("null-kind", {"kind": None}, "body.kind"),
    ("null-subject", {"subject": None}, "body.subject"),
    ("number-as-category", {"category": HUGE}, "body.category"),
    ("too-many-attachments", {"attachments": ["a" * 64] * 21}, "body.attachments"),
]


def _names(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {error["field"] for error in answer.json().get("errors", [])}


@pytest.mark.parametrize(("changes", "field"), [(c, f) for _, c, f in BAD_FILINGS],
                         ids=[name for name, _, _ in BAD_FILINGS])
async def test_a_bad_filing_is_refused_naming_the_field(client, changes, field):
    answer = await client.post("/v1/complaints", json=filing(**changes))

    assert answer.status_code == 422, answer.text
    assert field in _names(answer) and field in answer.json()["detail"]


async def test_open311_refuses_control_characters_and_null_bodies(client):
    form = {"service_code": "food_safety", "attribute[subject_name]": "某某商店"}
    nul = await client.post("/open311/v2/requests.json",
                            data={**form, "description": "发霉\x00面包"})
    empty = await client.post("/open311/v2/requests.json", json=None)
    listed = await client.post("/open311/v2/requests.json", json=["food_safety"])
    lookup = await client.get("/open311/v2/requests.json",
                              params={"service_request_id": "12\x0034,\ufffd"})

    assert nul.status_code == 422 and nul.json()["field"] == "description"
    assert empty.status_code == listed.status_code == 422
    assert lookup.status_code == 200 and lookup.json() == []


async def _complaint(client, **changes) -> str:  # type: ignore[no-untyped-def]
    return (await file(client, filing(**changes)))["complaint_id"]


BAD_STEPS: list[tuple[str, str, dict[str, Any], str]] = [
    ("refuse-nul", "refuse", {"reason": "不予\x00受理"}, "body.reason"),
    ("refuse-null", "refuse", {"reason": None}, "body.reason"),
    ("extend-long", "extend", {"reason": LONG}, "body.reason"),
    ("pass-on-nul", "pass-on", {"department": "STHJ\x00", "reason": "应由环保处理"},
     "body.department"),
    ("pass-on-long", "pass-on", {"department": "S" * 10_000, "reason": "应由环保处理"},
     "body.department"),
    ("reply-nul", "replies", {"text": "已\x00处理"}, "body.text"),
    ("reply-one-as-flag", "replies", {"text": "已处理", "public": 1}, "body.public"),
    ("close-nul-reply", "close", {"outcome": "withdrawn", "public_reply": "撤\x00回"},
     "body.public_reply"),
    ("close-nul-finding-for", "close", {"outcome": "substantiated", "severity": "minor",
                                        "finding_for": "GA\x00"}, "body.finding_for"),
    ("close-number-outcome", "close", {"outcome": 0}, "body.outcome"),
]


@pytest.mark.parametrize(("action", "body", "field"), [(a, b, f) for _, a, b, f in BAD_STEPS],
                         ids=[name for name, _, _, _ in BAD_STEPS])
async def test_a_bad_step_is_refused_naming_the_field(client, action, body, field):
    complaint = await _complaint(client, kind="report")
    answer = await client.post(f"/v1/complaints/{complaint}/{action}", json=body,
                               headers=SCJG)

    assert answer.status_code == 422, answer.text
    assert field in _names(answer)
    detail = (await client.get(f"/v1/complaints/{complaint}", headers=SCJG)).json()
    assert detail["status"] == "received" and detail["replies"] == []


@pytest.mark.parametrize(("body", "field"), [
    ({"fine_yuan": "1e30", "level": 1}, "body.fine_yuan"),
    ({"fine_yuan": "-1", "level": 1}, "body.fine_yuan"),
    ({"fine_yuan": "NaN", "level": 1}, "body.fine_yuan"),
    ({"fine_yuan": "100.001", "level": 1}, "body.fine_yuan"),
    ({"fine_yuan": "1000", "level": True}, "body.level"),
    ({"fine_yuan": "1000", "level": HUGE}, "body.level"),
    ({"fine_yuan": "1000", "level": 0}, "body.level"),
    ({"fine_yuan": None, "level": 1}, "body.fine_yuan"),
], ids=["huge-fine", "negative-fine", "nan-fine", "fen-fractions", "true-level",
        "huge-level", "zero-level", "null-fine"])
async def test_a_bad_reward_is_refused_naming_the_field(client, body, field):
    complaint = await _complaint(client, kind="report")
    answer = await client.post(f"/v1/complaints/{complaint}/reward", json=body,
                               headers=SCJG_REVIEWER)

    assert answer.status_code == 422, answer.text
    assert field in _names(answer)


@pytest.mark.parametrize("score", [True, 0, 6, -1, HUGE, "5", None],
                         ids=["true", "zero", "six", "negative", "huge", "text", "null"])
async def test_a_rating_is_a_whole_number_from_one_to_five(client, score):
    code = (await file(client, filing()))["receipt_code"]
    answer = await client.post(f"/v1/receipts/{code}/rating", json={"score": score})

    assert answer.status_code == 422, answer.text
    assert "body.score" in _names(answer)


@pytest.mark.parametrize(("path", "field"), [
    ("/v1/complaints/a%00b", "path.complaint_id"),
    ("/v1/complaints/" + "9" * 3000, "path.complaint_id"),
    ("/v1/complaints/%E9%95%BF", "path.complaint_id"),
    ("/v1/receipts/" + "1" * 3000, "path.code"),
    ("/v1/stats?from=0", "query.from"),
    ("/v1/stats?to=0001-01-01", "query.to"),
    ("/v1/stats?from=99999-01-01", "query.from"),
    ("/v1/stats?to=2100-01-01", "query.to"),
    ("/v1/stats?from=2026-02-30", "query.from"),
    ("/v1/stats?department=SCJG%00", "query.department"),
    ("/v1/stats?department=" + "S" * 3000, "query.department"),
    ("/v1/queue?overdue=2", "query.overdue"),
], ids=["nul-id", "long-id", "cjk-id", "long-receipt", "zero-from", "year-one-to",
        "year-99999", "year-2100", "february-30", "nul-department", "long-department",
        "two-as-flag"])
async def test_bad_paths_and_queries_are_refused_naming_the_field(client, path, field):
    answer = await client.get(path, headers=SCJG)

    assert answer.status_code == 422, answer.text
    assert field in _names(answer)


async def test_a_complaint_about_an_entity_by_uscc_only_still_files(client):
    """The bounds refuse what is wrong and nothing else: the plainest filing passes."""
    filed = await file(client, {"kind": "suggestion", "subject": {"uscc": fresh_uscc()},
                                "category": "pricing", "description": "建议\n明码标价\t清楚"})
    assert filed["status"] == "received"
