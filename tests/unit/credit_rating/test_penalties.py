"""A penalty record's kind, fine and ban fit together (行政处罚法 art. 9; issue 14)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import get_args

import pytest

from services.credit_rating.domain.penalties import PenaltyKind, penalty_problem
from services.credit_rating.domain.records import RecordKind
from shared.contracts.credit import PenaltyKind as ContractPenaltyKind

PENALTY = RecordKind.ADMINISTRATIVE_PENALTY
DECIDED = date(2026, 11, 20)


def test_the_kinds_are_the_contracts_kinds() -> None:
    assert [k.value for k in PenaltyKind] == list(get_args(ContractPenaltyKind))


@pytest.mark.parametrize(("kind", "penalty_kind", "fine", "ban"), [
    (PENALTY, None, None, None),
    (PENALTY, PenaltyKind.FINE, Decimal("20000"), None),
    (PENALTY, None, Decimal("500"), None),  # a fine of unknown kind (from a case event)
    (PENALTY, PenaltyKind.LICENCE_ACTION, Decimal("300000"), date(2031, 11, 19)),
    (PENALTY, PenaltyKind.PRACTICE_RESTRICTION, None, date(2027, 1, 1)),
    (PENALTY, PenaltyKind.WARNING, None, None),
    (RecordKind.INSPECTION_RESULT, None, None, None),
])
def test_details_that_fit_together(kind, penalty_kind, fine, ban) -> None:  # type: ignore[no-untyped-def]
    assert penalty_problem(kind, penalty_kind, fine, ban, DECIDED) is None


@pytest.mark.parametrize(("kind", "penalty_kind", "fine", "ban", "field", "words"), [
    (RecordKind.INSPECTION_RESULT, None, Decimal("1"), None, "fine_yuan", "only an admin"),
    (RecordKind.AWARD, PenaltyKind.FINE, None, None, "penalty_kind", "only an admin"),
    (PENALTY, PenaltyKind.FINE, None, None, "fine_yuan", "gives fine_yuan"),
    (PENALTY, PenaltyKind.WARNING, Decimal("200"), None, "penalty_kind", "heaviest kind"),
    (PENALTY, PenaltyKind.PUBLIC_CRITICISM, Decimal("200"), None, "penalty_kind", "not pub"),
    (PENALTY, PenaltyKind.FINE, Decimal("200"), date(2027, 1, 1), "ban_until", "for a ban"),
    (PENALTY, None, None, DECIDED, "ban_until", "not after the decision"),
])
def test_details_that_do_not(kind, penalty_kind, fine, ban, field, words) -> None:  # type: ignore[no-untyped-def]
    problem = penalty_problem(kind, penalty_kind, fine, ban, DECIDED)
    assert problem is not None and problem[0] == field and words in problem[1]


def test_a_fine_comes_with_fine_or_a_heavier_kind_and_bans_are_bans() -> None:
    assert [k.value for k in PenaltyKind if not k.comes_with_a_fine] == [
        "public_criticism", "warning"]
    assert [k.value for k in PenaltyKind if k.is_a_ban] == [
        "licence_action", "business_restriction", "practice_restriction"]
