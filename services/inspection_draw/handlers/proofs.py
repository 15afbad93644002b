"""The proof bundle (抽查证明包) of a stored draw, and the verification of any bundle."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.proof import (
    BundleError,
    ProofBundle,
    Verification,
    verify,
)
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.sampling import DrawResult, Exclusion
from services.inspection_draw.handlers.errors import BadBundle
from services.inspection_draw.handlers.lookups import get_draw
from services.inspection_draw.handlers.snapshot import lines_of
from services.inspection_draw.models import CommitmentRow, ExclusionRow, VisitRow


async def bundle_of(session: AsyncSession, draw_id: str) -> ProofBundle:
    """Everything anyone needs to re-run draw ``draw_id``."""
    draw = await get_draw(session, draw_id)
    row = await session.get(CommitmentRow, draw.commitment_id)
    assert row is not None
    excluded = sorted(
        (Exclusion(uscc, e.reason) for e in await session.scalars(
            select(ExclusionRow).where(ExclusionRow.draw_id == draw.id,
                                       ExclusionRow.kind == "object"))
         for uscc in e.subjects), key=lambda x: x.uscc)
    result = codec.result_from({**draw.result, "excluded": [
        {"uscc": e.uscc, "reason": e.reason} for e in excluded]}, "result")
    return ProofBundle(
        commitment=codec.commitment_from(row.commitment, "commitment"),
        commitment_hash=row.commitment_hash, nonce=row.nonce, beacon_value=draw.beacon_value,
        roster=lines_of(row.roster), rules=DrawRuleFile.model_validate(row.rules),
        inspectors=tuple(codec.inspector_from(p, "inspectors") for p in row.inspectors),
        conflicts=tuple(codec.conflict_from(c, "conflicts") for c in row.conflicts),
        result=DrawResult(result.selected, result.strata, result.excluded, result.seed_hex),
        assignment=codec.assignment_from(draw.assignment, "assignment"))


def verify_text(text: bytes | str) -> Verification:
    """Parse and re-run a bundle; one that does not parse raises ``BadBundle``."""
    try:
        return verify(ProofBundle.from_json(text))
    except BundleError as exc:
        raise BadBundle(exc.field, exc.problem) from exc


async def visits_of(session: AsyncSession, draw_id: str) -> list[VisitRow]:
    await get_draw(session, draw_id)
    return list(await session.scalars(select(VisitRow).where(VisitRow.draw_id == draw_id)
                                      .order_by(VisitRow.uscc)))
