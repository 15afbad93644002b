"""行刑衔接 as a state machine: each step from its one state, refusals naming both."""

from __future__ import annotations

import pytest

from services.case_transfer.domain.criminal_transfer import (
    FROM_STATE,
    CriminalState,
    CriminalStep,
    missing_documents,
    officers_problem,
    proposal_refusal,
    refusal,
)

REQUIRED = [("transfer_letter", "移送书"), ("investigation_report", "调查报告"),
            ("seized_items_list", "涉案物品清单"), ("inspection_conclusion", "检验/鉴定结论")]


@pytest.mark.parametrize("step", list(CriminalStep))
def test_each_step_is_allowed_only_from_its_state(step: CriminalStep) -> None:
    assert refusal(step, FROM_STATE[step]) is None
    for state in CriminalState:
        if state is not FROM_STATE[step]:
            why = refusal(step, state)
            assert why is not None and why.startswith(step.value) and state.value in why


def test_without_a_proposal_every_step_says_to_propose_first() -> None:
    assert all("propose one first" in (refusal(step, None) or "") for step in CriminalStep)


@pytest.mark.parametrize("state", [CriminalState.PROPOSED, CriminalState.APPROVED,
                                   CriminalState.DELIVERED,
                                   CriminalState.RECONSIDERATION_ASKED, CriminalState.FILED])
def test_a_new_proposal_waits_for_the_last_one_to_end_without_a_crime(state) -> None:  # type: ignore[no-untyped-def]
    assert proposal_refusal(state) is not None


@pytest.mark.parametrize("state", [None, CriminalState.NOT_APPROVED, CriminalState.NOT_FILED,
                                   CriminalState.UPHELD])
def test_a_new_proposal_after_one_ended_without_a_crime(state) -> None:  # type: ignore[no-untyped-def]
    assert proposal_refusal(state) is None


def test_at_least_two_distinct_officers() -> None:
    assert officers_problem(["A-1", "A-2"], 2) is None
    assert "it has 1: A-1" in (officers_problem(["A-1", "A-1"], 2) or "")
    assert "不少于2人" in (officers_problem([], 2) or "")


def test_a_missing_document_is_named() -> None:
    given = ["transfer_letter", "investigation_report", "seized_items_list", "photo"]
    assert missing_documents(REQUIRED, given) == ["检验/鉴定结论 (inspection_conclusion)"]
    assert missing_documents(REQUIRED, [k for k, _ in REQUIRED]) == []
    assert len(missing_documents(REQUIRED, [])) == 4
