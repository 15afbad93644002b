"""Loading the draw rules (随机抽查细则) from ``deploy/reference/draw_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: entry <n> (<label>): <path>: <problem>``, so the service refuses to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.inspection_draw.domain.rule_models import DrawRuleFile
from shared.reference import ReferenceDataError
from shared.reference.rule_document import load_rule_document

__all__ = ["DEFAULT_PATH", "DrawRules", "ReferenceDataError", "load_draw_rules", "parse_draw_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "draw_rules.yaml"
DrawRules = DrawRuleFile
_LABEL_KEYS = ("grade", "level")


def load_draw_rules(path: Path = DEFAULT_PATH) -> DrawRules:
    """Read and check ``path``; the first problem raises ``ReferenceDataError``."""
    return load_rule_document(Path(path), DrawRuleFile, _LABEL_KEYS).model


def parse_draw_rules(snapshot: dict[str, Any]) -> DrawRules:
    """The rules from a snapshot (``rules.model_dump(mode="json")``), e.g. in a bundle."""
    return DrawRuleFile.model_validate(snapshot)
