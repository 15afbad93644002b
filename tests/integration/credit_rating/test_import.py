"""Bulk import of the registry (CR-1): good lines in, bad lines named, a rerun is a no-op."""

from __future__ import annotations

import json

from sqlalchemy import select

from shared.contracts import Envelope
from shared.platform_tables import outbox
from tests.integration.credit_rating.conftest import (
    REGISTRAR,
    SCJG,
    events,
    fresh_uscc,
    registration,
)

HEADER = "uscc,name,legal_representative,registered_address,region,industry,established_on," \
         "new_economy,tolerance_until"


def csv_line(uscc: str, name: str, established_on: str = "2020-01-02") -> str:
    return f"{uscc},{name},李四,\"青岛市市南区香港中路 1 号, 2 楼\",370202,F5211," \
           f"{established_on},false,"


async def test_a_csv_import_names_its_bad_lines_and_a_second_run_changes_nothing(client):
    good = [fresh_uscc() for _ in range(4)]
    bad_code = good[0][:17] + ("0" if good[0][17] != "0" else "1")
    lines = [HEADER, csv_line(good[0], "甲公司"), csv_line(good[1], "乙公司"),
             csv_line(bad_code, "丙公司"),  # line 4: check character
             csv_line(good[2], "丁公司"), csv_line(good[3], "戊公司", "not-a-date"),  # line 6
             csv_line(fresh_uscc(), "己公司")]
    body = "\n".join(lines) + "\n"

    first = await client.post("/v1/entities:import", content=body.encode(),
                              headers={**REGISTRAR, "Content-Type": "text/csv"})
    outbox_before = len(await events(client.app, "credit.entity.upserted.v1"))
    second = await client.post("/v1/entities:import", content=body.encode(),
                               headers={**REGISTRAR, "Content-Type": "text/csv"})

    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["created"], report["rejected"]) == (4, 2)
    assert [e["line"] for e in report["errors"]] == [4, 6]
    assert f"expected '{good[0][17]}'" in report["errors"][0]["reason"]
    assert report["errors"][1]["reason"].startswith("established_on:")
    assert second.json() | {"errors": []} == {"created": 0, "updated": 0, "unchanged": 4,
                                              "rejected": 2, "errors": []}
    assert len(await events(client.app, "credit.entity.upserted.v1")) == outbox_before
    entity = (await client.get(f"/v1/entities/{good[1]}", headers=SCJG)).json()
    assert entity["registered_address"] == "青岛市市南区香港中路 1 号, 2 楼"
    assert (await client.get(f"/v1/entities/{good[3]}", headers=SCJG)).status_code == 404


async def test_a_json_lines_import_updates_changed_entities(client):
    uscc, other = fresh_uscc(), fresh_uscc()
    await client.post("/v1/entities", json=registration(uscc), headers=REGISTRAR)
    lines = [json.dumps(registration(uscc, industry="I6510")), "{oops",
             json.dumps(registration(other)), json.dumps(registration(other)),
             json.dumps(registration(fresh_uscc(), new_economy=True,  # 4 years of 包容期
                                     tolerance_until="2019-03-01"))]
    answer = await client.post("/v1/entities:import", content="\n".join(lines).encode(),
                               headers={**REGISTRAR, "Content-Type": "application/x-ndjson"})
    report = answer.json()
    assert (report["created"], report["updated"], report["rejected"]) == (1, 1, 3)
    assert [e["line"] for e in report["errors"]] == [2, 4, 5]
    assert "already on line 3" in report["errors"][1]["reason"]
    assert report["errors"][2]["reason"].startswith("tolerance_until: the 包容期 lasts 1–3")
    assert (await client.get(f"/v1/entities/{uscc}", headers=SCJG)).json()["industry"] == "I6510"


async def test_a_line_separator_inside_a_name_does_not_shift_the_line_numbers(client):
    odd, after = fresh_uscc(), fresh_uscc()
    name = "海岸\u2028食品有限公司"  # U+2028 is valid raw inside a JSON string
    lines = [json.dumps(registration(odd, name=name), ensure_ascii=False), "{oops",
             json.dumps(registration(after))]
    answer = await client.post("/v1/entities:import",
                               content="\r\n".join(lines).encode(),
                               headers={**REGISTRAR, "Content-Type": "application/x-ndjson"})

    report = answer.json()
    assert (report["created"], report["rejected"]) == (2, 1), report
    assert [e["line"] for e in report["errors"]] == [2]
    assert (await client.get(f"/v1/entities/{odd}", headers=SCJG)).json()["name"] == name


async def test_an_import_needs_a_known_format_and_the_registrar_role(client):
    refused = await client.post("/v1/entities:import", content=b"x",
                                headers={**SCJG, "Content-Type": "text/csv"})
    wrong_type = await client.post("/v1/entities:import", content=b"x",
                                   headers={**REGISTRAR, "Content-Type": "application/pdf"})
    bad_header = await client.post("/v1/entities:import", content=b"code,name\n",
                                   headers={**REGISTRAR, "Content-Type": "text/csv"})
    assert refused.status_code == 403 and "'registrar'" in refused.json()["detail"]
    assert wrong_type.status_code == 422 and "text/csv" in wrong_type.json()["detail"]
    assert bad_header.status_code == 422 and "uscc required" in bad_header.json()["detail"]


async def test_imported_rows_read_back_as_the_single_upsert_writes_them(client):
    imported, upserted = fresh_uscc(), fresh_uscc()
    body = "\n".join([HEADER, csv_line(imported, "庚公司", "2025-06-30")]) + "\n"
    await client.post("/v1/entities:import", content=body.encode(),
                      headers={**REGISTRAR, "Content-Type": "text/csv"})
    await client.post("/v1/entities", headers=REGISTRAR, json={
        "uscc": upserted, "name": "庚公司", "legal_representative": "李四",
        "registered_address": "青岛市市南区香港中路 1 号, 2 楼", "region": "370202",
        "industry": "F5211", "established_on": "2025-06-30", "new_economy": False})

    def alike(view: dict, *stamps: str) -> dict:
        return {k: v for k, v in view.items() if k not in ("uscc", *stamps)}

    entities = [(await client.get(f"/v1/entities/{u}", headers=SCJG)).json()
                for u in (imported, upserted)]
    grades = [(await client.get(f"/v1/entities/{u}/grade", headers=SCJG)).json()
              for u in (imported, upserted)]
    assert alike(entities[0], "created_at", "updated_at") == \
        alike(entities[1], "created_at", "updated_at")
    assert alike(grades[0], "computed_at") == alike(grades[1], "computed_at")
    for name in ("credit.entity.upserted.v1", "credit.grade.changed.v1"):
        announced = [await events(client.app, name, u) for u in (imported, upserted)]
        assert [{**e[0], "uscc": None, "changed_at": None} for e in announced] == \
            [{**announced[1][0], "uscc": None, "changed_at": None}] * 2
    async with client.app.state.db.reader() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.key == imported))).scalars().all()
    assert len(payloads) == 2
    assert all(Envelope.from_json(p).to_json().decode() == p for p in payloads)


async def test_a_code_whose_organisation_check_digit_is_wrong_is_named_on_its_line(client):
    """GB 11714: position 17 checks positions 9-16; 91370211712345670Y passes the GB 32100
    check of position 18 but its organisation code 71234567 needs 2, not 0."""
    good = fresh_uscc()
    body = "\n".join([HEADER, csv_line(good, "辛公司"), csv_line("91370211712345670Y", "壬公司"),
                      csv_line("91370211712345670y", "癸公司")]) + "\n"
    answer = await client.post("/v1/entities:import", content=body.encode(),
                               headers={**REGISTRAR, "Content-Type": "text/csv"})

    report = answer.json()
    assert (report["created"], report["rejected"]) == (1, 2), report
    assert [e["line"] for e in report["errors"]] == [3, 4]
    for error in report["errors"]:
        assert error["reason"].startswith("uscc:") and "position 17" in error["reason"]
        assert "expected '2'" in error["reason"]
    assert (await client.get(f"/v1/entities/{good}", headers=SCJG)).status_code == 200


async def test_csv_flags_read_as_booleans_and_json_lines_need_real_ones(client):
    flagged, plain, numeric = fresh_uscc(), fresh_uscc(), fresh_uscc()
    csv_body = "\n".join([HEADER, f"{flagged},甲,,,370202,F5211,2025-06-30,TRUE,2027-06-30",
                          f"{plain},乙,,,370202,F5211,2020-01-02,no,",
                          f"{fresh_uscc()},丙,,,370202,F5211,2020-01-02,maybe,"]) + "\n"
    jsonl_body = "\n".join([json.dumps(registration(numeric, new_economy=1)),
                            json.dumps(registration(fresh_uscc(), established_on=0))])

    from_csv = (await client.post("/v1/entities:import", content=csv_body.encode(),
                                  headers={**REGISTRAR, "Content-Type": "text/csv"})).json()
    from_jsonl = (await client.post("/v1/entities:import", content=jsonl_body.encode(),
                                    headers={**REGISTRAR,
                                             "Content-Type": "application/x-ndjson"})).json()

    assert (from_csv["created"], [e["line"] for e in from_csv["errors"]]) == (2, [4])
    assert from_csv["errors"][0]["reason"].startswith("new_economy:")
    entity = (await client.get(f"/v1/entities/{flagged}", headers=SCJG)).json()
    assert (entity["new_economy"], entity["tolerance_until"]) == (True, "2027-06-30")
    assert (from_jsonl["created"], from_jsonl["rejected"]) == (0, 2)
    assert [e["reason"].split(":")[0] for e in from_jsonl["errors"]] == [
        "new_economy", "established_on"]
