"""Reading one reference data file (参考数据文件) and naming what is wrong in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from shared.reference.models import Entry, FileHeader, entry_label

HEADER_KEYS = ("version", "effective_from", "source")


class ReferenceDataError(ValueError):
    """A reference data file that cannot be used; the message says where and what.

    Shaped ``<file>:<line>: entry <n> (code "<code>"): <problem>``; entries count from 1.
    """

    def __init__(
        self,
        file: Path,
        problem: str,
        *,
        line: int | None = None,
        entry: int | None = None,
        label: str | None = None,
    ) -> None:
        where = f"{file}:{line}" if line else str(file)
        what = f"entry {entry} ({label}): " if entry else ""
        super().__init__(f"{where}: {what}{problem}")
        self.file, self.line, self.entry, self.problem = file, line, entry, problem


@dataclass(frozen=True)
class ReferenceFile:
    """A file whose header and entries each passed their model; ``lines`` are 1-based."""

    path: Path
    header: FileHeader
    entries: tuple[Entry, ...]
    lines: tuple[int, ...]

    def error(self, index: int, problem: str) -> ReferenceDataError:
        """An error about ``entries[index]`` (0-based here, reported 1-based)."""
        return ReferenceDataError(
            self.path,
            problem,
            line=self.lines[index],
            entry=index + 1,
            label=entry_label(self.entries[index]),
        )


def read_reference_file(path: Path, model: type[Entry]) -> ReferenceFile:
    """Parse ``path``: a header and a list under the key named like the file."""
    key = path.stem
    text = _read_text(path)
    try:
        document = yaml.safe_load(text)
        lines = _entry_lines(text, key)
    except yaml.YAMLError as exc:
        raise _syntax_error(path, exc) from exc
    items = _split_document(path, document, key)
    header = _validate_header(path, document)
    entries = tuple(_validate_entry(path, model, item, i, lines) for i, item in enumerate(items))
    return ReferenceFile(path, header, entries, lines)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReferenceDataError(path, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(path, f"not UTF-8 text: {exc}") from exc


def _syntax_error(path: Path, exc: yaml.YAMLError) -> ReferenceDataError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        problem += f" ({context} on line {context_mark.line + 1})"
    line = mark.line + 1 if mark is not None else None
    return ReferenceDataError(path, f"not valid YAML: {problem}", line=line)


def _entry_lines(text: str, key: str) -> tuple[int, ...]:
    """The line each item of the list under ``key`` starts on."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
                return tuple(item.start_mark.line + 1 for item in value_node.value)
    return ()


def _split_document(path: Path, document: Any, key: str) -> list[Any]:
    if not isinstance(document, dict):
        raise ReferenceDataError(
            path, f"expected a mapping with keys {', '.join(HEADER_KEYS)} and {key}"
        )
    unknown = sorted(str(k) for k in document if k not in (*HEADER_KEYS, key))
    if unknown:
        raise ReferenceDataError(
            path,
            f"unexpected top-level key(s) {', '.join(unknown)}; the list must be under {key!r}",
        )
    items = document.get(key)
    if not isinstance(items, list):
        raise ReferenceDataError(path, f"{key!r} must be a list of entries")
    return items


def _validate_header(path: Path, document: dict[str, Any]) -> FileHeader:
    header = {k: document[k] for k in HEADER_KEYS if k in document}
    try:
        return FileHeader.model_validate(header)
    except ValidationError as exc:
        raise ReferenceDataError(path, _describe(exc)) from exc


def _validate_entry(
    path: Path, model: type[Entry], item: Any, index: int, lines: tuple[int, ...]
) -> Entry:
    label = entry_label(item) if isinstance(item, dict) else "not a mapping"
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        raise ReferenceDataError(
            path, _describe(exc), line=lines[index], entry=index + 1, label=label
        ) from exc


def _describe(exc: ValidationError) -> str:
    """``field: message`` for each problem pydantic found, joined by ``; ``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)
