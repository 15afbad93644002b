"""What a penalty record says about the penalty (行政处罚信息): its kind, fine and ban.

The kinds are those of 《中华人民共和国行政处罚法》第九条, in its tiers from the lightest;
a decision imposing several is recorded by its heaviest kind. public-notice sets the
publicity period by them (SAMR art. 13: 通报批评 or a small fine 3 months, other penalties
3 years, a longer ban as long as it lasts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.credit_rating.domain.records import RecordKind


class PenaltyKind(StrEnum):
    """行政处罚的种类 (行政处罚法 art. 9), as the record contract spells them."""

    PUBLIC_CRITICISM = "public_criticism"
    WARNING = "warning"
    FINE = "fine"
    CONFISCATION = "confiscation"
    LICENCE_ACTION = "licence_action"
    BUSINESS_RESTRICTION = "business_restriction"
    PRACTICE_RESTRICTION = "practice_restriction"
    DETENTION = "detention"
    OTHER = "other"

    @property
    def chinese(self) -> str:
        return _NAMES[self]

    @property
    def tier(self) -> int:
        """Art. 9's tier: 1 警告、通报批评 … 5 行政拘留; 6 其他 (its weight unknown)."""
        return _TIERS[self]

    @property
    def comes_with_a_fine(self) -> bool:
        """A decision recorded by this kind may carry a fine: 罚款 itself or a heavier
        kind (a lighter one would make 罚款 the heaviest), and 其他 whose weight is
        unknown."""
        return self.tier >= PenaltyKind.FINE.tier

    @property
    def is_a_ban(self) -> bool:
        """暂扣许可证件、限制开展生产经营活动、责令停产停业、限制从业: they last until a day."""
        return self in (PenaltyKind.LICENCE_ACTION, PenaltyKind.BUSINESS_RESTRICTION,
                        PenaltyKind.PRACTICE_RESTRICTION)


_NAMES = {
    PenaltyKind.PUBLIC_CRITICISM: "通报批评", PenaltyKind.WARNING: "警告",
    PenaltyKind.FINE: "罚款", PenaltyKind.CONFISCATION: "没收违法所得、没收非法财物",
    PenaltyKind.LICENCE_ACTION: "暂扣许可证件、降低资质等级、吊销许可证件",
    PenaltyKind.BUSINESS_RESTRICTION: "限制开展生产经营活动、责令停产停业、责令关闭",
    PenaltyKind.PRACTICE_RESTRICTION: "限制从业", PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "其他行政处罚",
}
_TIERS = {
    PenaltyKind.PUBLIC_CRITICISM: 1, PenaltyKind.WARNING: 1, PenaltyKind.FINE: 2,
    PenaltyKind.CONFISCATION: 2, PenaltyKind.LICENCE_ACTION: 3,
    PenaltyKind.BUSINESS_RESTRICTION: 4, PenaltyKind.PRACTICE_RESTRICTION: 4,
    PenaltyKind.DETENTION: 5, PenaltyKind.OTHER: 6,
}


def penalty_problem(kind: RecordKind, penalty_kind: PenaltyKind | None,
                    fine_yuan: Decimal | None, ban_until: date | None,
                    decided_on: date) -> tuple[str, str] | None:
    """The first thing wrong with a record's penalty details, as ``(field, what to
    change)``; None when they fit together (or none are given)."""
    given = [name for name, value in (("penalty_kind", penalty_kind),
                                      ("fine_yuan", fine_yuan), ("ban_until", ban_until))
             if value is not None]
    if given and kind is not RecordKind.ADMINISTRATIVE_PENALTY:
        return given[0], (f"only an administrative_penalty record carries {given[0]}; "
                          f"leave it out of a {kind.value} record")
    if penalty_kind is PenaltyKind.FINE and fine_yuan is None:
        return "fine_yuan", "a penalty of kind fine (罚款) gives fine_yuan, the amount in yuan"
    if fine_yuan is not None and penalty_kind is not None \
            and not penalty_kind.comes_with_a_fine:
        return "penalty_kind", (
            f"a decision with a fine is recorded by its heaviest kind: fine (罚款) or a "
            f"heavier one, not {penalty_kind.value} ({penalty_kind.chinese})")
    if ban_until is not None and penalty_kind is not None and not penalty_kind.is_a_ban:
        bans = ", ".join(k.value for k in PenaltyKind if k.is_a_ban)
        return "ban_until", (f"ban_until is for a ban ({bans}), not for "
                             f"{penalty_kind.value} ({penalty_kind.chinese})")
    if ban_until is not None and ban_until <= decided_on:
        return "ban_until", (f"the ban ends on {ban_until.isoformat()}, not after the "
                             f"decision ({decided_on.isoformat()}); give its last day")
    return None
