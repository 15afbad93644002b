"""The object roster snapshot (检查对象名录库) a draw is made from, and its hash.

Canonical form, so anyone can re-hash a published snapshot: one line per entry, sorted by
USCC, each line the compact JSON array
``[uscc, grade, no_penalty_3y, region, industry, risk, inspected_this_year]``
(``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``, ``null`` for a missing
grade or risk), every line ending in ``"\\n"``; ``roster_hash`` is the hex SHA-256 of the
UTF-8 bytes of all lines. Row order of the input never changes the hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

Grade = Literal["A", "B", "C", "D"]
GRADES = ("A", "B", "C", "D")


class RosterError(ValueError):
    """A roster that cannot be drawn from: a duplicate USCC or a malformed line."""


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One object in scope of a task: its credit grade (None if not yet graded), whether it
    had no administrative penalty for three years, and whether it was already randomly
    inspected this calendar year (a joint visit counts once)."""

    uscc: str
    grade: Grade | None
    no_penalty_3y: bool
    region: str
    industry: str
    risk: str | None
    inspected_this_year: bool

    def __post_init__(self) -> None:
        if self.grade is not None and self.grade not in GRADES:
            raise RosterError(f"{self.uscc}: grade {self.grade!r} is not one of A, B, C, D")

    def canonical_line(self) -> str:
        """This entry as its canonical line (without the newline)."""
        fields = [
            self.uscc,
            self.grade,
            self.no_penalty_3y,
            self.region,
            self.industry,
            self.risk,
            self.inspected_this_year,
        ]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_line(cls, line: str) -> RosterEntry:
        """Parse one canonical line; a malformed one raises ``RosterError``."""
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RosterError(f"not a JSON array: {line[:60]!r}") from exc
        if not isinstance(fields, list) or len(fields) != 7:
            raise RosterError(f"expected 7 fields, got {line[:60]!r}")
        uscc, grade, no_penalty, region, industry, risk, inspected = fields
        if not all(isinstance(v, str) for v in (uscc, region, industry)):
            raise RosterError(f"uscc, region and industry must be strings: {line[:60]!r}")
        if not (isinstance(no_penalty, bool) and isinstance(inspected, bool)):
            raise RosterError(f"flags must be true or false: {line[:60]!r}")
        if risk is not None and not isinstance(risk, str):
            raise RosterError(f"risk must be a string or null: {line[:60]!r}")
        return cls(uscc, grade, no_penalty, region, industry, risk, inspected)


def canonical_roster(entries: Iterable[RosterEntry]) -> tuple[str, ...]:
    """The canonical lines, sorted by USCC; a USCC listed twice raises ``RosterError``."""
    ordered = sorted(entries, key=lambda entry: entry.uscc)
    for previous, current in pairwise(ordered):
        if previous.uscc == current.uscc:
            raise RosterError(f"{current.uscc} is listed twice in the roster")
    return tuple(entry.canonical_line() for entry in ordered)


def hash_lines(lines: Iterable[str]) -> str:
    """Hex SHA-256 over the lines, each followed by ``"\\n"``, as UTF-8."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def roster_hash(entries: Iterable[RosterEntry]) -> str:
    """The hex SHA-256 of the canonical roster, independent of input order."""
    return hash_lines(canonical_roster(entries))


def roster_from_lines(lines: Iterable[str]) -> tuple[RosterEntry, ...]:
    """The entries of a snapshot (e.g. from a proof bundle)."""
    return tuple(RosterEntry.from_line(line) for line in lines)
