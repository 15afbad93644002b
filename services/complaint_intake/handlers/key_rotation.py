"""Re-sealing reporters' identities under the current key (密钥轮换, CP-4): batch by
batch, each batch audited, until none is left under an old key (then the old key can be
dropped from the settings). Filings still waiting for the intake worker carry sealed
identities too, and are re-sealed alike."""

from __future__ import annotations

from sqlalchemy import select

from services.complaint_intake.domain.identity import IdentityVault, SealedIdentity
from services.complaint_intake.models import AcceptedFiling, ReporterIdentity
from shared.audit import record as audit
from shared.db import UnitOfWork

ACTOR = "complaint-intake/operator"


async def rotate_identities(uow: UnitOfWork, vault: IdentityVault, batch: int = 500) -> int:
    """Re-seal up to ``batch`` identities not under the current key; the count re-sealed."""
    # the waiting filings first, waiting for a worker that holds one: what it commits
    # meanwhile is among the identities read next
    rows: list[ReporterIdentity | AcceptedFiling] = list(
        (await uow.session.scalars(select(AcceptedFiling)
                                   .where(AcceptedFiling.key_id != vault.current_key_id)
                                   .limit(batch).with_for_update())).all())
    if len(rows) < batch:
        rows += (await uow.session.scalars(
            select(ReporterIdentity).where(ReporterIdentity.key_id != vault.current_key_id)
            .limit(batch - len(rows)))).all()
    for row in rows:
        assert row.key_id is not None and row.nonce is not None and row.ciphertext is not None
        complaint_id = row.complaint_id if isinstance(row, ReporterIdentity) else row.id
        sealed = vault.rotate(SealedIdentity(row.key_id, row.nonce, row.ciphertext),
                              complaint_id)
        row.key_id, row.nonce, row.ciphertext = sealed.key_id, sealed.nonce, sealed.ciphertext
    if rows:
        await audit(uow, actor=ACTOR, action="complaint.identities.rotated", subject=None,
                    detail={"count": len(rows), "key_id": vault.current_key_id})
    return len(rows)
