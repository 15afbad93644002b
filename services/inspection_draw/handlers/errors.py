"""What a caller can get wrong, as problems that say what to change."""

from __future__ import annotations

from shared.web import DomainProblem


class NotFound(DomainProblem):
    """No such plan, task, draw, visit or inspector."""

    def __init__(self, what: str, ident: str, hint: str = "") -> None:
        super().__init__(404, f"{what.capitalize()} not found",
                         f"no {what} {ident}{'; ' + hint if hint else ''}",
                         f"{what.replace(' ', '-')}-not-found", id=ident)


class NotYourDepartment(DomainProblem):
    """A department acting on another department's plan."""

    def __init__(self, caller: str, owner: str, what: str) -> None:
        super().__init__(403, "Not your department",
                         f"{what} belongs to department {owner}; {caller} may not change it",
                         "not-your-department", department=owner)


class WrongState(DomainProblem):
    """A step out of order (e.g. publishing a plan that was not filed)."""

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(409, "Not possible in this state", detail, "wrong-state", **extra)


class BadRequest(DomainProblem):
    """Input that parses but cannot be used (unknown matter, mixed key-area task …)."""

    def __init__(self, detail: str, field: str, **extra: object) -> None:
        super().__init__(422, "Unusable input", detail, "unusable-input", field=field, **extra)


class AlreadyDrawn(DomainProblem):
    """A second draw of a drawn task without a reason (一次抽取)."""

    def __init__(self, task_id: str, draw_id: str) -> None:
        super().__init__(409, "Task already drawn",
                         f"task {task_id} was drawn by draw {draw_id}; a redraw needs a "
                         "recorded reason: send {\"reason\": \"…\"}", "task-already-drawn",
                         draw_id=draw_id)


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
