"""The approval a redraw (重新抽取) needs, as the commitment step takes it.

"A reviewer of another role than the drawer" means here: the request was approved with a
token holding ``reviewer`` of the plan's lead department whose subject (the token's client,
``actor_of``) is neither the one that asked for the redraw nor the one that now commits or
draws it. So no single token, whatever roles it holds, both approves a redraw and makes it.
"""

from __future__ import annotations

from sqlalchemy import select

from services.inspection_draw.handlers.errors import RedrawNotApproved
from services.inspection_draw.models import RedrawRequest, Task
from shared.db import UnitOfWork
from shared.errors import DomainProblem

REQUESTED, APPROVED, REFUSED, USED = "requested", "approved", "refused", "used"


class SameTokenReviewed(DomainProblem):
    """The token that approved a redraw tries to perform it (403)."""

    def __init__(self, redraw_id: str, actor: str) -> None:
        super().__init__(403, "Reviewer may not draw",
                         f"redraw {redraw_id} was approved by {actor}; the token that approves a "
                         "redraw does not commit or draw it: use another officer's token",
                         "reviewer-may-not-draw", redraw_id=redraw_id)


class RedrawCapReached(DomainProblem):
    """A task's redraws are used up (409, ``redraws.max_per_task``)."""

    def __init__(self, task_id: str, cap: int) -> None:
        super().__init__(409, "No redraw left",
                         f"task {task_id} was committed {cap + 1} times, the most the draw "
                         f"rules allow (redraws.max_per_task = {cap})", "redraw-cap-reached",
                         max_per_task=cap)


async def take_approved(uow: UnitOfWork, task: Task, actor: str, cap: int,
                        earlier: int) -> RedrawRequest:
    """The task's approved, unused redraw request, marked used; 409 without one or past the
    cap, 403 if ``actor`` approved it."""
    if earlier >= cap + 1:
        raise RedrawCapReached(task.id, cap)
    approved = await uow.session.scalar(select(RedrawRequest).where(
        RedrawRequest.task_id == task.id, RedrawRequest.status == APPROVED))
    if approved is None:
        raise RedrawNotApproved(task.id, task.current_draw_id)
    if approved.reviewed_by == actor:
        raise SameTokenReviewed(approved.id, actor)
    approved.status = USED
    return approved
