"""The composition root of case-transfer (案件移送): one typed context the app, every CLI
command and every benchmark build from."""

from __future__ import annotations

from dataclasses import dataclass

from services.case_transfer.config import Settings
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts


@dataclass(frozen=True)
class CaseTransferContext(ServiceContext):
    """What case-transfer's use cases need: so far only the platform's parts."""

    settings: Settings


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> CaseTransferContext:
    """The context from ``settings`` (the environment by default); connects to nothing."""
    return CaseTransferContext(**platform_parts(settings or Settings(), clock))
