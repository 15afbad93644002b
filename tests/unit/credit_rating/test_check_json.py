"""逢办必查's body is written by hand for speed; it must read as its schema writes it."""

from __future__ import annotations

from datetime import date

import pytest

from services.credit_rating.api.checks import check_json, check_view
from services.credit_rating.domain.blacklist import BlacklistDecision
from services.credit_rating.handlers.check import EntityCheck, PersonsBehind, Watchlist
from services.credit_rating.handlers.steps.persons_behind import PersonLink

PLAIN = EntityCheck(
    uscc="91370211MA3C4XYZ1K", name="青岛测试企业有限公司", grade="A", label="诚信守法",
    score=100.0, rule_version="2026.1", no_penalty_3y=True,
    blacklist=BlacklistDecision(False, "", ()), watchlist=Watchlist(False, "", ()),
    department="XZSP", matter=None, measures=[],
    tolerance_until=None, in_tolerance=False, as_of=date(2026, 11, 22))
LISTED = EntityCheck(
    uscc="91370211MA3C4XYZ1K", name="某\"引号\"企业\\公司", grade="D", label="严重失信",
    score=37.25, rule_version="2026.1", no_penalty_3y=False,
    blacklist=BlacklistDecision(True, "严重违法: 食品安全", ("r-1", "r-2")),
    watchlist=Watchlist(True, "提醒后12个月内再次违法", ("r-3",)),
    department="YJGL", matter="hazardous_chemicals",
    measures=[{"code": "LHCJ-07", "measure": "限制准入", "matters": ["hazardous_chemicals"],
               "years": 3, "ratio": 0.5, "note": None}],
    tolerance_until=date(2027, 3, 1), in_tolerance=True, as_of=date(2026, 11, 22),
    persons=PersonsBehind(True, (PersonLink("91370211MA3C4XYZ2K", "某\"另一家\"公司",
                                            "legal_representative", "responsible_person"),),
                          ({"code": "LHCJ-07", "applies_to_persons": True},)))


@pytest.mark.parametrize("found", [PLAIN, LISTED, PLAIN.__class__(**{
    **PLAIN.__dict__, "score": 87, "grade": "B"})])
def test_the_body_is_byte_for_byte_what_the_schema_writes(found: EntityCheck) -> None:
    assert check_json(found) == check_view(found).model_dump_json().encode()
