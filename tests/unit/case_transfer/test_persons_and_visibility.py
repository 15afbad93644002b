"""Suspects' identity kept hashed and masked; who may see a case; stages and steps."""

from __future__ import annotations

import pytest

from services.case_transfer.domain.persons import PersonSeal, id_number_problem, masked_name
from services.case_transfer.domain.stages import Stage, Step, refusal
from services.case_transfer.domain.visibility import Parties, may_see


def test_id_numbers_are_checked_and_hashed_under_the_key() -> None:
    assert id_number_problem("11010519491231002X") is None
    assert "should be X" in (id_number_problem("110105194912310021") or "")
    assert "18 in all" in (id_number_problem("1101051949") or "")
    one, other = PersonSeal(b"k" * 32), PersonSeal(b"j" * 32)
    assert one.hash_id("11010519491231002x") == one.hash_id(" 11010519491231002X")
    assert one.hash_id("11010519491231002X") != other.hash_id("11010519491231002X")
    assert "k" * 8 not in repr(one)


@pytest.mark.parametrize(("name", "masked"), [("张三", "张*"), ("欧阳小明", "欧***"),
                                              ("李", "李*"), (" 王五 ", "王*")])
def test_names_are_masked_to_their_first_character(name: str, masked: str) -> None:
    assert masked_name(name) == masked


PARTIES = Parties(department="WSJK", opened_by="SCJG", shared_with=frozenset({"STHJ"}),
                  criminal=False)


@pytest.mark.parametrize(("department", "sees"), [
    ("SCJG", True), ("WSJK", True), ("STHJ", True), ("GA", False), ("JCY", False),
    ("SF", False)])
def test_who_sees_an_administrative_case(department: str, sees: bool) -> None:
    assert may_see(department, PARTIES, ["JCY"]) is sees


def test_the_procuratorate_sees_every_criminal_case() -> None:
    criminal = Parties("SCJG", "SCJG", frozenset(), criminal=True)
    assert may_see("JCY", criminal, ["JCY"]) and not may_see("GA", criminal, ["JCY"])


def test_steps_name_themselves_and_the_stage_when_refused() -> None:
    assert refusal(Step.DECIDE, Stage.INVESTIGATING) is None
    why = refusal(Step.SERVE, Stage.REGISTERED) or ""
    assert why.startswith("serve is not possible at stage registered (立案)") and "decided" in why
    pending = refusal(Step.EVIDENCE, Stage.INVESTIGATING, transfer_pending=True) or ""
    assert "waits for the receiver" in pending
    assert refusal(Step.COOPERATE, Stage.CONCLUDED) is not None
