"""逢办必查 for a person (CR-5): is this person the legal representative or a responsible
person of a blacklisted entity, and which measures extend to them? POST, so the name or
ID number never appears in a URL or an access log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from services.credit_rating.api.deps import Ctx
from services.credit_rating.handlers.person_check import check_person
from shared.auth import CallerDep
from shared.fields import text
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/v1")


class PersonQuery(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    person: Annotated[str, text(100, min_length=2, lines=False)] = Field(
        repr=False, description="the person's name (as registered) or ID number",
        examples=["张三"])
    matter: Annotated[str, text(64, lines=False)] | None = Field(
        default=None, description="matter code or category, e.g. XZSP-003")


class PersonListingView(BaseModel):
    uscc: str
    name: str
    role: str = Field(description="legal_representative or responsible_person")
    reason: str = Field(description="why the entity is blacklisted")


class PersonCheckView(BaseModel):
    listed: bool = Field(description="stands behind at least one blacklisted entity")
    entities: list[PersonListingView]
    department: str = Field(description="the calling department")
    matter: str | None
    measures: list[dict[str, Any]] = Field(
        description="联合惩戒 measures this department applies to such a person for the matter")


@router.post("/persons:check", response_model=PersonCheckView,
             summary="逢办必查 for a person: the blacklisted entities they stand behind and "
             "the measures that extend to them")
async def person_check(query: PersonQuery, caller: CallerDep, ctx: Ctx,
                       session: ReaderDep) -> PersonCheckView:
    found = await check_person(session, ctx.rules, query.person, department=caller.dept,
                               matter=query.matter, person_key=ctx.person_key,
                               as_of=ctx.clock.today())
    return PersonCheckView(
        listed=bool(found.listings), department=caller.dept, matter=query.matter,
        entities=[PersonListingView(uscc=e.uscc, name=e.name, role=e.role, reason=e.reason)
                  for e in found.listings],
        measures=[m.model_dump(mode="json") for m in found.measures])
