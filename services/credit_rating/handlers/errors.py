"""What a caller or a producer can get wrong, as problems that say what to change."""

from __future__ import annotations

from shared.web import DomainProblem


class EntityNotFound(DomainProblem):
    """No market entity (市场主体) with this USCC in the registry."""

    def __init__(self, uscc: str) -> None:
        super().__init__(404, "Entity not registered",
                         f"no market entity {uscc} is in the registry; register it with "
                         "POST /v1/entities (or the bulk import) first", "entity-not-found",
                         uscc=uscc)


class NotYourDepartment(DomainProblem):
    """A department acting for another one (谁认定谁负责)."""

    def __init__(self, caller: str, named: str) -> None:
        super().__init__(403, "Not your department",
                         f"department {caller} may only enter records it decided itself; "
                         f"this one names {named}", "not-your-department",
                         department=named)
