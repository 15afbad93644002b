"""The checks a decision draft passes before review and before signing (决定前检查):
no 行刑衔接 under way, nothing but the measures that survive a crime once the police
filed the case, inside the discretion benchmark; and whether it is a major decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.case_transfer.domain.criminal_transfer import UNDER_WAY, CriminalState
from services.case_transfer.domain.discretion import (
    OutsideBenchmark,
    Party,
    apply_benchmark,
    major_reasons,
)
from services.case_transfer.domain.sanctions import Outcome
from services.case_transfer.handlers.decision_commands import DecisionDraft
from services.case_transfer.models import Case
from shared.errors import Conflict, Unusable, WrongState

if TYPE_CHECKING:
    from datetime import date

    from services.case_transfer.bootstrap import CaseTransferContext


def check_draft(ctx: CaseTransferContext, case: Case, draft: DecisionDraft,
                on: date) -> tuple[dict[str, Any] | None, list[str]]:
    """The benchmark's explanation and the reasons the draft is major (empty: it is not);
    409 while a 行刑衔接 is under way or for a penalty alone on a filed crime, 422 outside
    the benchmark."""
    state = CriminalState(case.criminal_state) if case.criminal_state else None
    if state in UNDER_WAY:
        raise WrongState(f"decide: a 行刑衔接 transfer of this case is {state.value} "
                         f"({state.chinese}); wait for it to end", step="decide")
    if state is CriminalState.FILED:
        allowed = ctx.rules.criminal_transfer.measures_alongside_crime
        beyond = [m.value for m in draft.measures if m not in allowed]
        if draft.outcome is not Outcome.PENALTY or beyond or draft.fine_yuan is not None:
            raise Conflict(
                "A crime cannot end in an administrative penalty only",
                "the police filed this case as a crime (公安已立案): it concludes as a "
                "judicial transfer; only " + ", ".join(m.value for m in allowed) +
                " may still be decided alongside (国务院令第310号 第十一条), not "
                + (", ".join(beyond) or "a fine or another outcome"), "crime-filed")
    try:
        explanation = apply_benchmark(ctx.rules, draft.proposal(), on)
    except OutsideBenchmark as outside:
        raise Unusable(outside.field, outside.detail, "outside-benchmark",
                       **outside.extra) from outside
    party: Party = "person" if case.party == "person" else "entity"
    return explanation, major_reasons(ctx.rules, draft.proposal(), party)
