"""The inspector draw computes ties only for the least-loaded candidates; the teams are the
ones a full (load, keyed BLAKE2b) ranking of every candidate gives."""

from __future__ import annotations

import hashlib
import random

from services.inspection_draw.domain.commitment import MatterRef
from services.inspection_draw.domain.inspectors import Inspector, Visit, assign_inspectors
from shared.uscc import generate_many
from tests.unit.inspection_draw.factories import ENV, FOOD, seed_number


def full_ranking_assignment(visits, people, seed, size):  # type: ignore[no-untyped-def]
    """The definition, literally: rank all free candidates by (load, keyed BLAKE2b)."""
    load = {p.inspector_id: 0 for p in people}
    teams = []
    for visit in sorted(visits, key=lambda v: v.uscc):
        needed = {}
        for m in visit.matters:
            needed.setdefault(m.department, set()).add(m.code)
        free = [p for p in people if p.department in needed and needed[p.department] <= p.matters]
        ranked = sorted(free, key=lambda p: (load[p.inspector_id], hashlib.blake2b(
            f"{visit.uscc}|{p.inspector_id}".encode(), key=seed, digest_size=16).digest()))
        team = [next(p for p in ranked if p.department == d).inspector_id
                for d in visit.departments]
        rest = [p.inspector_id for p in ranked if p.inspector_id not in team]
        team += rest[: max(size, len(team)) - len(team)]
        for inspector_id in team:
            load[inspector_id] += 1
        teams.append((visit.uscc, tuple(team)))
    return tuple(teams)


def test_lazy_ties_give_the_full_ranking_teams() -> None:
    rng = random.Random(7)
    people = sorted((Inspector(f"{d}-{i:02d}", d, f"37{i:06d}", frozenset({m.code}))
                     for d, m in (("SCJG", FOOD), ("STHJ", ENV))
                     for i in range(rng.randint(3, 9))), key=lambda p: p.inspector_id)
    usccs = generate_many(200, seed=3)
    kinds: list[tuple[MatterRef, ...]] = [(FOOD,), (ENV,), (FOOD, ENV)]
    visits = [Visit(u, kinds[rng.randrange(3)]) for u in usccs]
    for number in range(3):
        for size in (2, 3):
            got = assign_inspectors(visits, people, [], seed_number(number), size)
            assert got.teams == full_ranking_assignment(visits, people, seed_number(number),
                                                        size)
