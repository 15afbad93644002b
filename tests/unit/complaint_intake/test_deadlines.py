"""Legal deadlines (处理时限) in working days across holidays with 调休 (CP-1, CP-6).

Calendar used (chinese_calendar, 2026): National Day 10-01 … 10-07 off, Saturday 10-10 a
working day; Spring Festival 02-15 … 02-23 off, Saturdays 02-14 and 02-28 working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.complaint_intake.domain.deadlines import (
    ExtensionRefused,
    complaint_deadlines,
    extend,
    overdue,
)
from services.complaint_intake.domain.rule_models import ComplaintKind
from services.complaint_intake.domain.rules import ComplaintRules

LAST_WORKDAY_BEFORE_NATIONAL_DAY = date(2026, 9, 30)


def test_complaint_received_before_national_day_is_accepted_by_october_15(
    rules: ComplaintRules,
) -> None:
    # 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13, 10-14, 10-15.
    due = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "complaint", rules)
    assert due.accept_by == date(2026, 10, 15)
    assert due.decide_case_by is None
    assert due.mediation_ends is None  # known once accepted


def test_mediation_ends_45_working_days_after_acceptance(rules: ComplaintRules) -> None:
    due = complaint_deadlines(
        LAST_WORKDAY_BEFORE_NATIONAL_DAY, "complaint", rules, accepted_on=date(2026, 10, 9)
    )
    assert due.mediation_ends == date(2026, 12, 10)


def test_complaint_received_before_spring_festival_counts_both_调休_saturdays(
    rules: ComplaintRules,
) -> None:
    # 02-14 (调休), 02-24, 02-25, 02-26, 02-27, 02-28 (调休), 03-02.
    due = complaint_deadlines(date(2026, 2, 13), ComplaintKind.COMPLAINT, rules)
    assert due.accept_by == date(2026, 3, 2)


def test_received_time_is_read_in_china_time(rules: ComplaintRules) -> None:
    # 16:30 UTC on 09-29 is 00:30 on 09-30 in Beijing: counted from 09-30, not 09-29.
    received = datetime(2026, 9, 29, 16, 30, tzinfo=UTC)
    assert complaint_deadlines(received, "complaint", rules).accept_by == date(2026, 10, 15)


def test_report_case_decision_in_15_working_days_extended_once_by_15(
    rules: ComplaintRules,
) -> None:
    due = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "report", rules)
    assert due.accept_by is None
    assert due.decide_case_by == date(2026, 10, 27)
    assert due.decide_case_extended_by is None

    extended = extend(due, "  涉及多地经营场所，需协查  ")
    assert extended.decide_case_extended_by == date(2026, 11, 17)
    assert extended.decide_case_due == date(2026, 11, 17)
    assert extended.decide_case_by == date(2026, 10, 27)  # the original stays on record
    assert extended.extension_reason == "涉及多地经营场所，需协查"

    with pytest.raises(ExtensionRefused, match="only once"):
        extend(extended, "还需要更多时间")


def test_extension_needs_a_reason_and_a_report(rules: ComplaintRules) -> None:
    report = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "report", rules)
    with pytest.raises(ExtensionRefused, match="needs a reason"):
        extend(report, "   ")
    complaint = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "complaint", rules)
    with pytest.raises(ExtensionRefused, match="only a report"):
        extend(complaint, "理由")


def test_suggestion_has_no_legal_deadline(rules: ComplaintRules) -> None:
    due = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "suggestion", rules)
    assert (due.accept_by, due.decide_case_by, due.mediation_ends) == (None, None, None)
    assert not overdue(due.accept_by, date(2030, 1, 1))


def test_overdue_from_the_day_after_the_deadline(rules: ComplaintRules) -> None:
    accept_by = complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "complaint", rules).accept_by
    assert not overdue(accept_by, date(2026, 10, 15))
    assert overdue(accept_by, date(2026, 10, 16))


def test_unknown_kind_is_refused(rules: ComplaintRules) -> None:
    with pytest.raises(ValueError, match="'praise' is not a valid ComplaintKind"):
        complaint_deadlines(LAST_WORKDAY_BEFORE_NATIONAL_DAY, "praise", rules)


# --- the day of receipt (收到之日) and a report's case decision (立案后 90 日) ---------------
def test_a_relayed_day_of_receipt_is_taken_within_the_rules_window(
    rules: ComplaintRules,
) -> None:
    from services.complaint_intake.domain.deadlines import ReceivedOnRefused, received_day

    window, keyed = rules.intake.received_on, date(2026, 11, 25)
    assert received_day(keyed, None, window) == keyed
    assert received_day(keyed, date(2026, 10, 26), window) == date(2026, 10, 26)  # 30 back
    with pytest.raises(ReceivedOnRefused, match="in the future"):
        received_day(keyed, date(2026, 11, 26), window)
    with pytest.raises(ReceivedOnRefused, match="from 2026-10-26 on"):
        received_day(keyed, date(2026, 10, 25), window)


def test_a_case_is_decided_90_days_on_and_a_holiday_last_day_moves_on(
    rules: ComplaintRules,
) -> None:
    from services.complaint_intake.domain.case_decision import case_deadline

    rule = rules.deadlines.case_decision
    assert case_deadline(date(2026, 6, 1), rule).due == date(2026, 8, 31)  # a Monday
    # 90 days from Fri 3 July is 1 October (国庆): the first working day after, 8 October
    assert case_deadline(date(2026, 7, 3), rule).due == date(2026, 10, 8)
    # 90 days from Wed 8 July is Tue 6 October, in the holiday, too
    assert case_deadline(date(2026, 7, 8), rule).due == date(2026, 10, 8)


def test_the_case_decision_is_extended_once_by_30_days_before_it_passes(
    rules: ComplaintRules,
) -> None:
    from services.complaint_intake.domain.case_decision import (
        CaseExtensionRefused,
        case_deadline,
        extend_case,
    )

    rule = rules.deadlines.case_decision
    opened = case_deadline(date(2026, 7, 3), rule)
    # 30 days on from the period's end (1 October), Saturday 31 October: Monday 2 November
    longer = extend_case(opened, "需委托检验", date(2026, 10, 8), rule)
    assert (longer.extended_by, longer.in_force) == (date(2026, 11, 2), date(2026, 11, 2))
    with pytest.raises(CaseExtensionRefused, match="集体讨论"):
        extend_case(longer, "再延", date(2026, 10, 9), rule)
    with pytest.raises(CaseExtensionRefused, match="has passed"):
        extend_case(opened, "补批", date(2026, 10, 9), rule)
    with pytest.raises(CaseExtensionRefused, match="needs a reason"):
        extend_case(opened, "  ", date(2026, 10, 1), rule)
