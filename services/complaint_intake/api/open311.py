"""Open311 GeoReport v2 view (市民诉求标准接口) over the same intake, for integrators that
already speak it. Services are the categories of the 职责边界清单; a request's
``service_request_id`` is its receipt code. Listing all requests is not offered (the
receipt is the key); ``requests.json`` answers for the ids asked. POST takes the
standard form fields plus ``attribute[uscc]``, ``attribute[subject_name]`` and
``attribute[kind]``; the reporter's name, phone and e-mail are sealed like any other.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import ValidationError
from sqlalchemy import select

from services.complaint_intake.api.deps import (
    ContextDep,
    IntakeDep,
    PublicQuota,
    check_receipt_rate,
)
from services.complaint_intake.domain.lifecycle import OPEN, Channel
from services.complaint_intake.handlers.context import now
from services.complaint_intake.handlers.receipts import handled_as, public_replies
from services.complaint_intake.models import Complaint
from services.complaint_intake.schemas import ComplaintFiling
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/open311/v2", tags=["open311"])


@router.get("/services.json", summary="GeoReport v2 service list: the complaint categories")
async def services(ctx: ContextDep) -> list[dict[str, Any]]:
    names, departments = ctx.category_names, ctx.reference.departments
    defaults = {code: department for (code, region), department
                in ctx.reference.routes.items() if region is None}
    return [{"service_code": code, "service_name": names.get(code, code),
             "description": names.get(code, code), "metadata": False, "type": "realtime",
             "keywords": "", "group": departments[defaults[code]].name
             if code in defaults else ""} for code in ctx.reference.categories]


@router.get("/requests.json", summary="GeoReport v2 requests, by service_request_id "
            "(receipt codes, comma-separated)")
async def requests(request: Request, session: ReaderDep,
                   service_request_id: str = Query(min_length=1, max_length=400)
                   ) -> list[dict[str, Any]]:
    codes = [code.strip() for code in service_request_id.split(",") if code.strip()][:20]
    await check_receipt_rate(request, len(codes) or 1)  # each code is a guess
    rows = (await session.scalars(select(Complaint).where(
        Complaint.receipt_code.in_(codes)))).all()
    answer = []
    for row in rows:
        handled = await handled_as(session, row)  # a duplicate follows the first one
        notes = await public_replies(session, row)
        answer.append({
            "service_request_id": row.receipt_code,
            "status": "open" if handled.status in {s.value for s in OPEN} else "closed",
            "status_notes": notes[-1].text if notes else None, "service_code": row.category,
            "agency_responsible": handled.department, "requested_datetime": row.received_at,
            "updated_datetime": max(row.updated_at, handled.updated_at),
            "address": row.subject_address})
    return answer


@router.post("/requests.json", status_code=201, summary="GeoReport v2: file a request")
async def create(request: Request, _quota: PublicQuota, ctx: ContextDep,
                 intake: IntakeDep) -> list[dict[str, Any]]:
    fields = await _fields(request)
    try:
        filing = ComplaintFiling.model_validate(_filing(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise HTTPException(422, detail=f"{where}: {first['msg']}; correct it and send "
                            "again") from None
    filed = await intake.file(ctx, filing, channel=Channel.PUBLIC, actor="public/open311",
                              at=now())
    return [{"service_request_id": filed.receipt_code, "account_id": None,
             "service_notice": f"routed to {filed.department}; keep the "
             "service_request_id to follow it"}]


async def _fields(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", errors="replace")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            doc = json.loads(body)
        except ValueError:
            raise HTTPException(422, detail="the body is not valid JSON") from None
        return {str(k): str(v) for k, v in doc.items()} if isinstance(doc, dict) else {}
    return {key: values[0] for key, values in parse_qs(body).items()}


def _filing(fields: dict[str, str]) -> dict[str, Any]:
    name = " ".join(filter(None, (fields.get("last_name"), fields.get("first_name"))))
    reporter = {"name": name or None, "phone": fields.get("phone") or None,
                "contact": fields.get("email") or None}
    return {
        "kind": fields.get("attribute[kind]", "complaint"),
        "subject": {"uscc": fields.get("attribute[uscc]") or None,
                    "name": fields.get("attribute[subject_name]") or None,
                    "address": fields.get("address_string") or None},
        "category": fields.get("service_code", ""),
        "description": fields.get("description", ""),
        "reporter": reporter if any(reporter.values()) else None,
    }
