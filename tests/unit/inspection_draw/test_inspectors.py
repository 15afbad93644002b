"""The inspector draw: 回避 (IN-9), ≥ 2 per visit, one per department of a joint visit (IN-4),
balanced workload and a named shortage."""

from __future__ import annotations

import random

import pytest

from services.inspection_draw.domain.inspectors import (
    Conflict,
    Inspector,
    InspectorShortage,
    Visit,
    assign_inspectors,
)
from tests.unit.inspection_draw.factories import ENV, FOOD, inspectors, roster, seed_number

OBJECTS = [e.uscc for e in roster([(40, "B", False, None)])]


def test_no_inspector_with_a_declared_conflict_is_ever_assigned() -> None:
    people = inspectors()
    for i in range(300):
        rng = random.Random(i)
        conflicts = [Conflict(rng.choice(people).inspector_id, rng.choice(OBJECTS), "亲属关系")
                     for _ in range(30)]
        visits = [Visit(u, (FOOD, ENV)) for u in OBJECTS]
        assignment = assign_inspectors(visits, people, conflicts, seed_number(i))
        barred = {(c.inspector_id, c.uscc) for c in conflicts}
        for uscc, team in assignment.teams:
            assert not barred & {(person, uscc) for person in team}
        logged = {(e.inspector_id, e.uscc) for e in assignment.exclusions}
        assert logged == barred
    assert all(e.reason.startswith("回避") for e in assignment.exclusions)


def test_a_joint_visit_has_one_inspector_from_each_department_and_at_least_two() -> None:
    visits = [Visit(u, (FOOD, ENV)) for u in OBJECTS]
    assignment = assign_inspectors(visits, inspectors(), [], seed_number(1))
    for _, team in assignment.teams:
        assert len(team) >= 2
        assert {person.split("-")[0] for person in team} == {"SCJG", "STHJ"}


def test_workload_is_balanced_and_deterministic() -> None:
    visits = [Visit(u, (FOOD,)) for u in OBJECTS]
    first = assign_inspectors(visits, inspectors(), [], seed_number(5))
    assert assign_inspectors(list(reversed(visits)), inspectors(), [], seed_number(5)) == first
    load: dict[str, int] = {}
    for _, team in first.teams:
        for person in team:
            load[person] = load.get(person, 0) + 1
    assert len(load) == 6 and max(load.values()) - min(load.values()) <= 1


def test_unqualified_inactive_or_uncertified_inspectors_are_not_chosen() -> None:
    people = [
        Inspector("OK-1", "SCJG", "370001", frozenset({FOOD.code})),
        Inspector("OK-2", "SCJG", "370002", frozenset({FOOD.code})),
        Inspector("OFF", "SCJG", "370003", frozenset({FOOD.code}), active=False),
        Inspector("NOCERT", "SCJG", None, frozenset({FOOD.code})),
        Inspector("OTHER", "SCJG", "370004", frozenset({"SCJG-999"})),
    ]
    assignment = assign_inspectors([Visit(u, (FOOD,)) for u in OBJECTS], people, [],
                                   seed_number(2))
    assert {p for _, team in assignment.teams for p in team} == {"OK-1", "OK-2"}


def test_shortage_names_the_matter_and_the_shortfall() -> None:
    people = [Inspector("SCJG-00", "SCJG", "370001", frozenset({FOOD.code})),
              Inspector("SCJG-01", "SCJG", "370002", frozenset({FOOD.code}))]
    conflicts = [Conflict("SCJG-01", OBJECTS[0], "曾在该企业任职")]
    with pytest.raises(InspectorShortage) as raised:
        assign_inspectors([Visit(OBJECTS[0], (FOOD,))], people, conflicts, seed_number(3))
    assert (raised.value.matter, raised.value.needed, raised.value.available) == (FOOD.code, 2, 1)
    assert "short by 1" in str(raised.value)
    with pytest.raises(InspectorShortage, match=ENV.code):
        assign_inspectors([Visit(OBJECTS[0], (FOOD, ENV))], people, [], seed_number(3))
