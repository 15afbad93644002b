"""The inspector draw's fast path (one keyed BLAKE2b state copied per tie, candidates and
conflicts looked up once per kind of visit) gives the teams, exclusions and shortages of
the definition: every free candidate ranked by (load, keyed BLAKE2b), conflicts avoided
and logged in candidate order."""

from __future__ import annotations

import hashlib
import random

import pytest

from services.inspection_draw.domain.commitment import MatterRef
from services.inspection_draw.domain.inspectors import (
    Assignment,
    Conflict,
    Inspector,
    InspectorExclusion,
    InspectorShortage,
    Visit,
    assign_inspectors,
)
from shared.uscc import generate_many
from tests.unit.inspection_draw.factories import ENV, FOOD, seed_number

WATER = MatterRef("STHJ-002", "STHJ")


def defined_assignment(visits, people, conflicts, seed, size):  # type: ignore[no-untyped-def]
    """The module docstring, literally, with nothing cached and every tie computed."""
    pool = sorted((p for p in people if p.active and p.certificate),
                  key=lambda p: p.inspector_id)
    declared = {(c.inspector_id, c.uscc): c.declaration_hash for c in conflicts}
    load = {p.inspector_id: 0 for p in pool}
    teams, exclusions = [], []
    for visit in sorted(visits, key=lambda v: v.uscc):
        needed: dict[str, set[str]] = {}
        for m in visit.matters:
            needed.setdefault(m.department, set()).add(m.code)
        candidates = [p for p in pool
                      if p.department in needed and needed[p.department] <= p.matters]
        for p in candidates:
            if (p.inspector_id, visit.uscc) in declared:
                exclusions.append(InspectorExclusion(
                    visit.uscc, p.inspector_id,
                    f"回避: declared conflict {declared[(p.inspector_id, visit.uscc)]}"))
        free = [p for p in candidates if (p.inspector_id, visit.uscc) not in declared]
        ranked = sorted(free, key=lambda p: (load[p.inspector_id], hashlib.blake2b(
            f"{visit.uscc}|{p.inspector_id}".encode(), key=seed, digest_size=16).digest()))
        team = []
        for d in visit.departments:
            own = [p for p in ranked if p.department == d]
            if not own:
                raise InspectorShortage(next(m.code for m in visit.matters
                                             if m.department == d), 1, 0, visit.uscc)
            team.append(own[0].inspector_id)
        rest = [p.inspector_id for p in ranked if p.inspector_id not in team]
        want = max(size, len(visit.departments))
        if len(team) + len(rest) < want:
            raise InspectorShortage(",".join(sorted(m.code for m in visit.matters)), want,
                                    len(team) + len(rest), visit.uscc)
        team += rest[: want - len(team)]
        for inspector_id in team:
            load[inspector_id] += 1
        teams.append((visit.uscc, tuple(team)))
    return Assignment(tuple(teams), tuple(exclusions))


def _people(rng: random.Random) -> list[Inspector]:
    people = []
    for department, codes in (("SCJG", (FOOD.code,)), ("STHJ", (ENV.code, WATER.code))):
        for i in range(rng.randint(5, 14)):
            matters = frozenset(c for c in codes if rng.random() < 0.8) or frozenset(codes[:1])
            people.append(Inspector(f"{department}-{i:02d}", department,
                                    None if rng.random() < 0.1 else f"37{i:06d}", matters,
                                    active=rng.random() > 0.1))
    rng.shuffle(people)
    return people


@pytest.mark.parametrize("case", range(12))
def test_fast_assignment_is_the_defined_one(case: int) -> None:
    rng = random.Random(case)
    people = _people(rng)
    usccs = generate_many(300, seed=40 + case)
    kinds: list[tuple[MatterRef, ...]] = [(FOOD,), (ENV,), (FOOD, ENV), (ENV, WATER),
                                          (FOOD, ENV, WATER)]
    visits = [Visit(u, kinds[rng.randrange(len(kinds))]) for u in usccs]
    conflicts = [Conflict(p.inspector_id, u, f"h{n}")
                 for n, (p, u) in enumerate((rng.choice(people), rng.choice(usccs))
                                            for _ in range(rng.randint(0, 150)))]
    conflicts = list({(c.inspector_id, c.uscc): c for c in conflicts}.values())
    for size in (1, 2, 3):
        seed = seed_number(case * 10 + size)
        try:
            expected: Assignment | str = defined_assignment(visits, people, conflicts, seed,
                                                            size)
        except InspectorShortage as exc:
            expected = str(exc)
        try:
            got: Assignment | str = assign_inspectors(visits, people, conflicts, seed, size)
        except InspectorShortage as exc:
            got = str(exc)
        assert got == expected


def test_a_large_single_matter_draw_is_the_defined_one() -> None:
    people = [Inspector(f"SCJG-{n:03d}", "SCJG", f"c{n}", frozenset({FOOD.code}))
              for n in range(50)]
    usccs = generate_many(3000, seed=9)
    visits = [Visit(u, (FOOD,)) for u in usccs]
    conflicts = [Conflict(f"SCJG-{n % 50:03d}", u, f"h{n}") for n, u in enumerate(usccs[::7])]
    seed = seed_number(99)
    assert assign_inspectors(visits, people, conflicts, seed, 2) == \
        defined_assignment(visits, people, conflicts, seed, 2)
