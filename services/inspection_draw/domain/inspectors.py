"""The inspector draw (随机选派执法检查人员, IN-2, IN-4, IN-9).

For each visit (one object; one or more departments' matters, 进一次门、查多项事) a team of at
least ``min_per_visit``: first one inspector from each department of the visit, then the
least-loaded of all remaining candidates. A candidate is active, holds a law-enforcement
certificate, belongs to a department of the visit and may inspect every matter of that
department in the visit; one with a declared conflict for the object is avoided (回避) and
the exclusion logged with the declaration's hash, never its reason. Every inspector's load
starts at 0 in each draw. Least-loaded first; ties by the smaller
``BLAKE2b(UTF-8 "<uscc>|<inspector id>", key=seed, digest_size=16)`` (RFC 7693, keyed with
the 32-byte draw seed), so the assignment is deterministic. Visits are served in USCC order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.inspection_draw.domain.commitment import MatterRef


@dataclass(frozen=True)
class Inspector:
    """执法检查人员: department, certificate (执法证号; None without one), matters, active."""

    inspector_id: str
    department: str
    certificate: str | None
    matters: frozenset[str]
    active: bool = True


@dataclass(frozen=True)
class Conflict:
    """A declared conflict of interest (利害关系) of an inspector with an object, as public
    bundles carry it: the hash of the declaration (``commitment.declaration_hash``), never
    its reason."""

    inspector_id: str
    uscc: str
    declaration_hash: str


@dataclass(frozen=True)
class Visit:
    """One visit to one object: the matters checked, each with its department."""

    uscc: str
    matters: tuple[MatterRef, ...]

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(sorted({matter.department for matter in self.matters}))


@dataclass(frozen=True)
class InspectorExclusion:
    """An inspector left out of a visit (回避) and why."""

    uscc: str
    inspector_id: str
    reason: str


@dataclass(frozen=True)
class Assignment:
    """Teams per visit (USCC → inspector ids, in order of choice) and the exclusions."""

    teams: tuple[tuple[str, tuple[str, ...]], ...]
    exclusions: tuple[InspectorExclusion, ...]


class InspectorShortage(ValueError):
    """Fewer qualified inspectors than a visit needs; names the matter and the shortfall."""

    def __init__(self, matter: str, needed: int, available: int, uscc: str) -> None:
        super().__init__(
            f"matter {matter}: visit to {uscc} needs {needed} qualified inspector(s), "
            f"{available} available (short by {needed - available})"
        )
        self.matter, self.needed, self.available, self.uscc = matter, needed, available, uscc


def assign_inspectors(
    visits: Iterable[Visit],
    inspectors: Iterable[Inspector],
    conflicts: Iterable[Conflict],
    seed: bytes,
    min_per_visit: int = 2,
) -> Assignment:
    """Choose a team for every visit; raise ``InspectorShortage`` if one cannot be formed."""
    pool = sorted((i for i in inspectors if i.active and i.certificate),
                  key=lambda i: i.inspector_id)
    declared: dict[str, dict[str, str]] = defaultdict(dict)  # uscc → inspector → hash
    for c in conflicts:
        declared[c.uscc][c.inspector_id] = c.declaration_hash
    load = {inspector.inspector_id: 0 for inspector in pool}
    ties = _Ties(seed, pool)
    qualified: dict[tuple[MatterRef, ...], list[Inspector]] = {}
    teams: list[tuple[str, tuple[str, ...]]] = []
    exclusions: list[InspectorExclusion] = []
    for visit in sorted(visits, key=lambda v: v.uscc):
        candidates = qualified.get(visit.matters)
        if candidates is None:
            candidates = qualified[visit.matters] = _qualified(visit, pool)
        free = candidates
        own = declared.get(visit.uscc)
        if own:
            for inspector in candidates:
                declaration = own.get(inspector.inspector_id)
                if declaration is not None:
                    exclusions.append(InspectorExclusion(
                        visit.uscc, inspector.inspector_id,
                        f"回避: declared conflict {declaration}"))
            free = [i for i in candidates if i.inspector_id not in own]
        team = _team(visit, free, load, ties, min_per_visit)
        for inspector_id in team:
            load[inspector_id] += 1
        teams.append((visit.uscc, team))
    return Assignment(tuple(teams), tuple(exclusions))


def _qualified(visit: Visit, pool: list[Inspector]) -> list[Inspector]:
    needed: dict[str, set[str]] = {}
    for matter in visit.matters:
        needed.setdefault(matter.department, set()).add(matter.code)
    return [i for i in pool if i.department in needed and needed[i.department] <= i.matters]


def _team(
    visit: Visit, free: list[Inspector], load: Mapping[str, int], ties: _Ties, size: int
) -> tuple[str, ...]:
    departments = visit.departments
    needed = max(size, len(departments))
    ranked = _ranked_prefix(visit.uscc, departments, free, load, ties, needed)
    team: list[str] = []
    for department in departments:
        own = [i for i in ranked if i.department == department]
        if not own:
            matter = next(m.code for m in visit.matters if m.department == department)
            raise InspectorShortage(matter, 1, 0, visit.uscc)
        team.append(own[0].inspector_id)
    rest = [i.inspector_id for i in ranked if i.inspector_id not in team]
    if len(team) + len(rest) < needed:
        matter = ",".join(sorted(m.code for m in visit.matters))
        raise InspectorShortage(matter, needed, len(team) + len(rest), visit.uscc)
    return tuple(team + rest[: needed - len(team)])


def tie(seed: bytes, text: str) -> bytes:
    """The tie-break of a candidate for a visit: keyed BLAKE2b of ``"<uscc>|<inspector id>"``."""
    return hashlib.blake2b(text.encode(), key=seed, digest_size=16).digest()


class _Ties:
    """``tie`` for one seed, fast: the BLAKE2b state after the key block is copied for each
    text (the same digest as keying anew), inspector ids encoded once."""

    def __init__(self, seed: bytes, pool: Iterable[Inspector]) -> None:
        self._copy = hashlib.blake2b(key=seed, digest_size=16).copy
        self._names = {i.inspector_id: i.inspector_id.encode() for i in pool}

    def of(self, uscc: str, inspectors: list[Inspector]) -> list[bytes]:
        """The ties of ``inspectors`` for a visit to ``uscc``, in the given order."""
        prefix, names, copy, out = f"{uscc}|".encode(), self._names, self._copy, []
        for inspector in inspectors:
            h = copy()
            h.update(prefix + names[inspector.inspector_id])
            out.append(h.digest())
        return out


def _ranked_prefix(uscc: str, departments: tuple[str, ...], free: list[Inspector],
                   load: Mapping[str, int], ties: _Ties, needed: int) -> list[Inspector]:
    """The candidates in (load, tie) order, cut after the first load level that holds
    ``needed`` of them and one of each department of the visit; the team only ever comes
    from this prefix, so ties are computed for the least-loaded levels only."""
    levels: dict[int, list[Inspector]] = defaultdict(list)
    for inspector in free:
        levels[load[inspector.inspector_id]].append(inspector)
    ranked: list[Inspector] = []
    present: set[str] = set()
    for level in sorted(levels):
        group = levels[level]
        # (tie, position): the order of a stable sort by tie alone
        keyed = sorted(zip(ties.of(uscc, group), range(len(group)), group, strict=True))
        ranked += [inspector for _, _, inspector in keyed]
        present.update(i.department for i in group)
        if len(ranked) >= needed and present.issuperset(departments):
            break
    return ranked
