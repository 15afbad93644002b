"""What a filing shows of its reporter when something prints it (a log line, a traceback)."""

from __future__ import annotations

from services.complaint_intake.schemas import ComplaintFiling


def test_a_filing_printed_shows_none_of_the_reporters_details() -> None:
    filing = ComplaintFiling.model_validate({
        "kind": "report", "subject": {"name": "青岛海岸食品有限公司"}, "category": "food_safety",
        "description": "销售过期食品", "reporter": {"name": "王小明", "phone": "13912345678",
                                               "id_number": "370211198506123456",
                                               "contact": "青岛市黄岛区某路 1 号"}})

    for shown in (repr(filing), str(filing), repr(filing.reporter)):
        for secret in ("王小明", "13912345678", "370211198506123456", "某路"):
            assert secret not in shown
    assert filing.reporter is not None and filing.reporter.phone == "13912345678"
