"""Open311 GeoReport v2 view (市民诉求标准接口) over the same intake, for integrators that
already speak it. Services are the categories of the 职责边界清单; a request's
``service_request_id`` is its receipt code. Listing all requests is not offered (the
receipt is the key); ``requests.json`` answers for the ids asked (up to 20, each costing
one receipt lookup). POST takes the standard form fields plus ``attribute[uscc]``,
``attribute[subject_name]`` and ``attribute[kind]``; the reporter's name, phone and
e-mail are sealed like any other. Public: no token.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError

from services.complaint_intake.api.deps import (
    MAX_CODES,
    ContextDep,
    PublicQuota,
    spend_lookups,
)
from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.queries.receipts import georeport_requests
from services.complaint_intake.schemas import ComplaintFiling
from shared.errors import Unusable
from shared.web.deps import ReaderDep
from shared.web.openapi import problems
from shared.web.problems import field_name

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


@router.get("/requests.json", responses=problems(429),
            summary="GeoReport v2 requests, by service_request_id (receipt codes, "
            f"comma-separated, at most {MAX_CODES})")
async def requests(request: Request, session: ReaderDep, ctx: ContextDep,
                   service_request_id: Annotated[str, Query(min_length=1, max_length=400)]
                   ) -> list[dict[str, Any]]:
    codes = [code.strip() for code in service_request_id.split(",") if code.strip()]
    if not 1 <= len(codes) <= MAX_CODES:
        raise Unusable("service_request_id", f"{len(codes)} receipt codes; ask for 1 to "
                       f"{MAX_CODES} at a time, comma-separated")
    await spend_lookups(request, ctx, len(codes))  # each code is a guess
    return await georeport_requests(session, codes, ctx.rules)


_FORM = {
    "type": "object", "required": ["service_code", "description"],
    "properties": {
        "service_code": {"type": "string", "description": "a category (services.json)"},
        "description": {"type": "string", "maxLength": 10_000},
        "attribute[uscc]": {"type": "string", "description": "the entity's USCC"},
        "attribute[subject_name]": {"type": "string", "description": "or its name"},
        "attribute[kind]": {"type": "string", "enum": ["complaint", "report", "suggestion"]},
        "address_string": {"type": "string", "maxLength": 300},
        "first_name": {"type": "string"}, "last_name": {"type": "string"},
        "phone": {"type": "string", "maxLength": 40}, "email": {"type": "string"}}}


@router.post("/requests.json", status_code=201, responses=problems(413, 422),
             summary="GeoReport v2: file a request (form fields, or a JSON object of them)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-www-form-urlencoded": {"schema": _FORM},
                 "application/json": {"schema": _FORM}}}})
async def create(request: Request, _quota: PublicQuota,
                 ctx: ContextDep) -> list[dict[str, Any]]:
    fields = await _fields(request)
    try:
        filing = ComplaintFiling.model_validate(_filing(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Unusable(field_name(first["loc"]), f"{first['msg']}; correct it and send "
                       "again") from None
    filed = await ctx.intake.file(ctx, filing, channel=Channel.PUBLIC,
                                  actor="public/open311", at=ctx.clock.now())
    return [{"service_request_id": filed.receipt_code, "account_id": None,
             "service_notice": "received; it is routed to the department answering for "
             "it within moments: keep the service_request_id to follow it"}]


async def _fields(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", errors="replace")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            doc = json.loads(body)
        except ValueError:
            raise Unusable("body", "the body is not valid JSON") from None
        return {str(k): str(v) for k, v in doc.items() if v is not None} \
            if isinstance(doc, dict) else {}
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
