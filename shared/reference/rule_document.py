"""Versioned rule documents (规则文件): one YAML mapping validated by a pydantic model.

Credit rules, draw rules and complaint rules are each one document (not a list of
entries like departments.yaml). They share how they are read and how a problem is
reported: ``<file>:<line>: entry <n> (<label>): <path>: <problem>``, so a service with
a bad rule file refuses to start and says what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from shared.reference.files import ReferenceDataError

Model = TypeVar("Model", bound=BaseModel)
Location = tuple[str | int, ...]
_MESSAGES = {
    "Extra inputs are not permitted": "unexpected key; remove it or check its spelling",
    "Field required": "missing; add it",
}


@dataclass(frozen=True)
class RuleDocument(Generic[Model]):
    """A validated rule document and the parsed YAML, to place later problems."""

    path: Path
    model: Model
    root: yaml.Node
    label_keys: Sequence[str]

    def problem_at(self, location: Location, problem: str) -> ReferenceDataError:
        """An error at ``location``: the line of the deepest node found, the innermost
        list entry that is a mapping, and the path written with 1-based indexes."""
        node: Any = self.root
        line = entry = label = None
        for part in location:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if part < len(node.value) else None
                if isinstance(node, yaml.MappingNode):
                    entry, label = part + 1, self._label(node)
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in location)
        return ReferenceDataError(self.path, f"{where.lstrip('.')}: {problem}", line=line,
                                  entry=entry, label=label or "no code")

    def _label(self, node: yaml.MappingNode) -> str | None:
        values = {key.value: value.value for key, value in node.value}
        key = next((key for key in self.label_keys if key in values), None)
        return f'{key} "{values[key]}"' if key else None


def load_rule_document(path: Path, model: type[Model],
                       label_keys: Sequence[str] = ("code",)) -> RuleDocument[Model]:
    """Read ``path`` and validate it as ``model``; the first problem raises
    ``ReferenceDataError`` naming the file, the line, the entry and what to change."""
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
        parsed = model.model_validate(document)
    except ValidationError as exc:
        unplaced = RuleDocument(path, None, root, label_keys)  # type: ignore[arg-type]
        raise unplaced.problem_at(*_first_problem(exc)) from exc
    return RuleDocument(path, parsed, root, label_keys)


def _first_problem(exc: ValidationError) -> tuple[Location, str]:
    """The most telling error: an unexpected key (likely a misspelling, named with the
    keys missing beside it) before anything else."""
    errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
    first = errors[0]
    location = tuple(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    problem = _MESSAGES.get(message, message)
    if first["type"] == "extra_forbidden":
        missing = [
            str(error["loc"][-1])
            for error in errors
            if error["type"] == "missing" and tuple(error["loc"][:-1]) == location[:-1]
        ]
        if missing:
            problem += f" (expected {', '.join(missing)})"
    return location, problem
