"""The composition root of public-notice (信息公示): one typed context the app, every CLI
command and every benchmark build from."""

from __future__ import annotations

from dataclasses import dataclass

from services.public_notice.config import Settings
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts


@dataclass(frozen=True)
class PublicNoticeContext(ServiceContext):
    """What public-notice's use cases need: so far only the platform's parts."""

    settings: Settings


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> PublicNoticeContext:
    """The context from ``settings`` (the environment by default); connects to nothing."""
    return PublicNoticeContext(**platform_parts(settings or Settings(), clock))
