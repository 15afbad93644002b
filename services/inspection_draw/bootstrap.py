"""The composition root of inspection-draw (双随机抽查): one typed context the app, every
CLI command and every benchmark build from."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.inspection_draw.config import Settings
from services.inspection_draw.domain.beacon import BeaconFile, load_beacons
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.rules import load_draw_rules
from services.inspection_draw.handlers.snapshot import RosterCache
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts

RULES_FILE = "draw_rules.yaml"
BEACONS_FILE = "beacons.yaml"


@dataclass(frozen=True)
class DrawContext(ServiceContext):
    """What inspection-draw's use cases need beyond the platform: the draw rules
    (随机抽查细则), the public randomness beacons a commitment may name, and the prepared
    rosters of recent commitments in this process."""

    settings: Settings
    rules: DrawRuleFile
    beacons: BeaconFile
    roster_cache: RosterCache = field(default_factory=RosterCache)

    @property
    def postgres(self) -> bool:
        """Whether the database is PostgreSQL (draws then take an advisory lock)."""
        return not self.database.sqlite


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> DrawContext:
    """The context from ``settings`` (the environment by default); connects to nothing.

    A bad ``draw_rules.yaml`` or ``beacons.yaml`` stops the build here, naming the file, the
    line and the problem.
    """
    settings = settings or Settings()
    rules = load_draw_rules(settings.reference_dir / RULES_FILE)
    beacons = load_beacons(settings.reference_dir / BEACONS_FILE)
    return DrawContext(**platform_parts(settings, clock), rules=rules, beacons=beacons)
