"""The problems particular to the draw (the common ones, NotFound, NotYourDepartment,
WrongState and Unusable, come from ``shared.errors``)."""

from __future__ import annotations

from shared.errors import DomainProblem


class NoEligibleObject(DomainProblem):
    """Every object in scope is excluded or the scope is empty."""

    def __init__(self, task_id: str, why: str) -> None:
        super().__init__(409, "No eligible object",
                         f"task {task_id}: {why}; widen the population filter or choose "
                         "other matters", "no-eligible-object")


class InspectorShortfall(DomainProblem):
    """Fewer qualified inspectors than a visit needs (IN-2, IN-9)."""

    def __init__(self, matter: str, needed: int, available: int, uscc: str) -> None:
        super().__init__(409, "Not enough qualified inspectors",
                         f"matter {matter}: a visit to {uscc} needs {needed} qualified, "
                         f"active, certified inspector(s) without a declared conflict; "
                         f"{available} available (short by {needed - available}). Add "
                         "inspectors qualified for it to the roster",
                         "inspector-shortfall", matter=matter, shortfall=needed - available)


class BadBundle(DomainProblem):
    """A proof bundle that does not parse; names the field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(422, "Proof bundle does not parse",
                         f"bundle field {field or '(root)'}: {problem}", "bad-proof-bundle",
                         field=field)


class RedrawNotApproved(DomainProblem):
    """A second commitment of a task without an approved redraw request (一次抽取)."""

    def __init__(self, task_id: str, draw_id: str | None) -> None:
        drawn = f"was drawn by draw {draw_id}" if draw_id else "has a commitment already"
        super().__init__(409, "Redraw not approved",
                         f"task {task_id} {drawn}; a redraw needs a reason approved by a "
                         "reviewer: POST /v1/tasks/{id}/redraws, then POST "
                         "/v1/redraws/{id}:approve with another token", "redraw-not-approved",
                         draw_id=draw_id)
