"""逢办必查 route (CR-6): any department checks an entity before it approves.

On every approval's path. Most calls are answered by :mod:`…api.check_lane` before
they reach this route; this route answers the rest (a token seen for the first time,
an unknown entity, bad input) and is the documented contract. It stays lean too: no
dependency is resolved (the caller is verified by a direct call, the app's state comes
from the request; each resolved dependency costs ~20 µs), and the answer is
serialized once by its own schema (FastAPI would otherwise validate it again against
``response_model``, which stays declared for the OpenAPI document, as does the bearer
token requirement).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from pydantic_core import to_json

from services.credit_rating.api.deps import UsccPath
from services.credit_rating.handlers.check import EntityCheck, check_entity
from services.credit_rating.schemas import (
    BlacklistView,
    CheckView,
    PersonLinkView,
    PersonsView,
    ToleranceView,
    WatchlistView,
)
from shared.auth import BEARER_REQUIREMENT, current_caller
from shared.web.openapi import problems

PATH = "/v1/entities/{uscc}/check"
MATTER_MAX_LENGTH = 64
router = APIRouter(prefix=PATH)


def check_view(found: EntityCheck) -> CheckView:
    """The answer as its documented schema."""
    return CheckView(
        uscc=found.uscc, name=found.name, grade=found.grade, label=found.label,
        score=found.score, rule_version=found.rule_version, no_penalty_3y=found.no_penalty_3y,
        blacklist=BlacklistView(listed=found.blacklist.listed, reason=found.blacklist.reason,
                                record_ids=list(found.blacklist.record_ids)),
        watchlist=WatchlistView(listed=found.watchlist.listed, reason=found.watchlist.reason,
                                record_ids=list(found.watchlist.record_ids)),
        department=found.department, matter=found.matter, measures=found.measures,
        tolerance=ToleranceView(in_tolerance=found.in_tolerance, until=found.tolerance_until),
        as_of=found.as_of, persons=PersonsView(
            flagged=found.persons.flagged, measures=list(found.persons.measures),
            entities=[PersonLinkView(uscc=e.uscc, name=e.name, role_here=e.role_here,
                                     role_there=e.role_there) for e in found.persons.entities]))


def check_json(found: EntityCheck) -> bytes:
    """The answer's JSON body, the same whichever path served it: ``check_view`` written
    directly, as pydantic writes it (a unit test holds the two equal), for speed."""
    return to_json({
        "uscc": found.uscc, "name": found.name, "grade": found.grade, "label": found.label,
        "score": float(found.score), "rule_version": found.rule_version,
        "no_penalty_3y": found.no_penalty_3y,
        "blacklist": {"listed": found.blacklist.listed, "reason": found.blacklist.reason,
                      "record_ids": list(found.blacklist.record_ids)},
        "watchlist": {"listed": found.watchlist.listed, "reason": found.watchlist.reason,
                      "record_ids": list(found.watchlist.record_ids)},
        "department": found.department, "matter": found.matter, "measures": found.measures,
        "tolerance": {"in_tolerance": found.in_tolerance, "until": found.tolerance_until},
        "as_of": found.as_of, "persons": _persons(found)})


_NOBODY = {"flagged": False, "entities": [], "measures": []}


def _persons(found: EntityCheck) -> dict[str, Any]:
    persons = found.persons
    if not persons.flagged:
        return _NOBODY
    return {"flagged": True, "entities": [
        {"uscc": e.uscc, "name": e.name, "role_here": e.role_here, "role_there": e.role_there}
        for e in persons.entities], "measures": list(persons.measures)}


@router.get("", response_model=CheckView, summary="逢办必查: grade, lists, the measures "
            "your department applies for this matter, tolerance",
            openapi_extra=BEARER_REQUIREMENT, responses=problems(404))
async def check(request: Request, uscc: UsccPath,
                matter: str | None = Query(default=None, max_length=MATTER_MAX_LENGTH,
                                           description="matter code or category, e.g. "
                                           "SCJG-001 or food_safety")) -> Response:
    caller = await current_caller(request)
    ctx = request.app.state.context
    found = await check_entity(ctx, uscc, department=caller.dept, matter=matter,
                               as_of=ctx.clock.today())
    return Response(check_json(found), media_type="application/json")
