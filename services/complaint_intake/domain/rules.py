"""Loading the complaint rule set (投诉举报处理规则) from
``deploy/reference/complaint_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: <path>: <problem>`` (with ``entry <n>`` when the problem is inside a list
entry), so the service refuses to start instead of counting with wrong numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from services.complaint_intake.domain.rule_models import ComplaintRuleFile
from shared.reference import ReferenceDataError

__all__ = ["DEFAULT_PATH", "ComplaintRules", "ReferenceDataError", "load_complaint_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "complaint_rules.yaml"
_MESSAGES = {
    "Extra inputs are not permitted": "unexpected key; remove it or check its spelling",
    "Field required": "missing; add it",
}

ComplaintRules = ComplaintRuleFile
"""The validated rule set; frozen, so it can be shared by every request."""


def load_complaint_rules(path: Path = DEFAULT_PATH) -> ComplaintRules:
    """Read and check ``path``; raise ``ReferenceDataError`` on the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReferenceDataError(path, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(path, f"not UTF-8 text: {exc}") from exc
    try:
        document = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReferenceDataError(path, f"not valid YAML: {problem}", line=line) from exc
    if not isinstance(document, dict):
        raise ReferenceDataError(path, "expected a mapping with version, effective_from, source")
    try:
        return ComplaintRuleFile.model_validate(document)
    except ValidationError as exc:
        # An unexpected key is most likely a misspelling: report it before anything else.
        errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
        first = errors[0]
        message = first["msg"].removeprefix("Value error, ")
        raise _located(path, root, tuple(first["loc"]), _MESSAGES.get(message, message)) from exc


def _located(path: Path, root: Any, location: tuple[Any, ...], problem: str) -> ReferenceDataError:
    """An error at the line of the deepest node of ``location`` that exists, naming the
    innermost list entry (1-based) and the path, e.g. ``rewards.levels[2].percent``."""
    node, line, entry, label = root, None, None, None
    for part in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
            if isinstance(node, yaml.MappingNode):
                entry, label = part + 1, _label(node)
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in location)
    return ReferenceDataError(
        path, f"{where.lstrip('.')}: {problem}", line=line, entry=entry, label=label
    )


def _label(node: yaml.MappingNode) -> str:
    values = {key.value: value.value for key, value in node.value}
    return f'level "{values["level"]}"' if "level" in values else "no code"
