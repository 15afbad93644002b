"""Demo notices (演示数据) for ``make run``: sample events of the other services, fed
through public-notice's own consumers, so the page shows every kind of notice, the
曝光台, a draw list opened by its first result, a draw list still held, a masked
commitment, and (not shown) a withdrawn repair and a blocked minor's case.

Event ids are fixed, so seeding twice makes nothing twice.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from services.public_notice import consumers
from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.periods import add_months
from services.public_notice.models import Notice
from shared.contracts import Envelope
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.credit import EntityUpserted, GradeChanged, RecordAdded
from shared.contracts.credit_commitments import CommitmentRegistered
from shared.contracts.credit_lists import AbnormalListingChanged, BlacklistChanged
from shared.contracts.credit_repair import RecordRepaired
from shared.contracts.inspection import (
    DrawCompleted,
    InspectionResultRecorded,
    PlanPublished,
    ResultCategory,
    StratumProbability,
)
from shared.uscc import generate_many

DEMO = uuid.UUID("5b0c2f1e-9a7d-4c3b-8e21-6f4a0d9c1b72")
COMPANIES = [  # name, region, grade
    ("青岛海岸食品有限公司", "370211", "B"), ("青岛福满楼餐饮管理有限公司", "370202", "D"),
    ("青岛蓝湾物流有限公司", "370214", "B"), ("青岛绿源环保科技有限公司", "370212", "C"),
    ("青岛崂山云雾茶业有限公司", "370212", "A"), ("青岛金港电子商务有限公司", "370203", "B"),
    ("青岛优品超市有限公司", "370213", "B"), ("青岛鑫源化工有限公司", "370281", "C")]
SHOPS = [("青岛市市北区老街坊小吃店", "370203", "B"), ("青岛市李沧区小明便利店", "370213", None)]
SOURCES = {"credit": "/jianguan/credit-rating", "inspection": "/jianguan/inspection-draw",
           "case": "/jianguan/case-transfer", "complaint": "/jianguan/complaint-intake"}


async def seed_demo(ctx: PublicNoticeContext) -> int:
    """Feed the demo events through the consumers; how many notices are public after."""
    today = ctx.clock.today()
    firms = generate_many(len(COMPANIES), seed=8105)
    shops = generate_many(len(SHOPS), seed=8106, category="2")
    events: list[tuple[str, str, BaseModel, datetime]] = []

    def add(name: str, source: str, payload: BaseModel, at: datetime | None = None) -> None:
        events.append((name, source, payload, at or ctx.clock.now()))

    for uscc, (name, region, grade) in [*zip(firms, COMPANIES, strict=True),
                                        *zip(shops, SHOPS, strict=True)]:
        add(f"entity {uscc}", "credit", EntityUpserted(
            uscc=uscc, name=name, region=region, industry="F5211",
            established_on=date(2016, 3, 18), new_economy=False))
        if grade:
            add(f"grade {uscc}", "credit", GradeChanged(
                uscc=uscc, old_grade=None, new_grade=grade, score=80.0, rule_version="2026.1",
                no_penalty_3y=False, changed_at=ctx.clock.now()))
    coast, fuman, bay, green, tea, port, market, chem = firms
    snack, corner = shops
    day = [today - timedelta(days=n) for n in range(40)]
    _penalties(add, day, coast, fuman, bay, green, snack, corner, chem)
    _inspections(add, day, tea, market, coast, fuman, port)
    _credit_lists(add, day, fuman, port, green, tea, market)
    bound = consumers.consumers.bind(ctx)
    async with ctx.database.unit_of_work() as uow:
        for name, source, payload, at in events:
            spec = type(payload).__event_spec__  # type: ignore[attr-defined]
            envelope = Envelope(id=str(uuid.uuid5(DEMO, name)), source=SOURCES[source],
                                type=spec.type, time=at,
                                subject=str(getattr(payload, spec.key)),
                                data=payload.model_dump(mode="json"))
            await bound.handlers[spec.name](uow, envelope)
    async with ctx.database.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(Notice).where(
            Notice.status == "published")) or 0)


def _penalties(add, day, coast, fuman, bay, green, snack, corner, chem) -> None:  # type: ignore[no-untyped-def]
    add("case coast", "case", CaseConcluded(
        case_id="青市监罚〔2026〕118号", uscc=coast, department="SCJG",
        decision=CaseDecision.PENALTY, severity="general", fine_yuan=Decimal("20000"),
        decided_on=day[6],
        legal_basis="《中华人民共和国食品安全法》第一百二十四条第一款第（三）项"))
    add("record coast", "credit", _record(coast, "SCJG", "general", day[6], "fine", "20000"))
    add("case fuman", "case", CaseConcluded(
        case_id="青市监罚〔2026〕131号", uscc=fuman, department="SCJG",
        decision=CaseDecision.PENALTY, severity="serious", fine_yuan=Decimal("300000"),
        decided_on=day[12], legal_basis="《中华人民共和国食品安全法》第一百二十三条（经查，"
        "消费者张伟反映的问题属实，联系电话13905321234）"))
    add("record fuman", "credit", _record(fuman, "SCJG", "serious", day[12],
                                          "business_restriction", "300000",
                                          ban_until=add_months(day[12], 60),
                                          record_id="demo-fuman"))
    add("record bay", "credit", _record(bay, "JTYS", "general", day[9], "fine", "5000"))
    add("record green", "credit", _record(green, "STHJ", "general", day[20], "fine", "80000"))
    add("record snack", "credit", _record(snack, "SCJG", "minor", day[3], "public_criticism"))
    add("case corner", "case", CaseConcluded(  # blocked: the operator is a minor
        case_id="市北市监罚〔2026〕7号", uscc=corner, department="SCJG",
        decision=CaseDecision.PENALTY, severity="minor", fine_yuan=Decimal("500"),
        decided_on=day[5], legal_basis="《中华人民共和国烟草专卖法实施条例》；经营者系未成年人"))
    add("record chem", "credit", _record(chem, "YJGL", "general", day[30], "fine", "60000",
                                         record_id="demo-chem-repaired"))
    add("repair chem", "credit", RecordRepaired(
        record_id="demo-chem-repaired", uscc=chem, department="YJGL", repair_id="demo-repair",
        repaired_on=day[1]))


def _inspections(add, day, tea, market, coast, fuman, port) -> None:  # type: ignore[no-untyped-def]
    add("plan", "inspection", PlanPublished(
        plan_id="P-DEMO-2026", department="SCJG", departments=["SCJG", "STHJ"],
        year=day[0].year, title=f"{day[0].year} 年度市场监管领域部门联合双随机抽查计划",
        filed_with="SF", task_ids=["T-DEMO-1", "T-DEMO-2"]))
    strata = [StratumProbability(grade="B", risk="", no_penalty_3y=False, population=120,
                                 sample_size=6, probability="6/120")]
    for draw, drawn in (("D-DEMO-1", [tea, market, coast]), ("D-DEMO-2", [fuman, port])):
        add(f"draw {draw}", "inspection", DrawCompleted(
            draw_id=draw, task_id=f"T-{draw[2:]}", plan_id="P-DEMO-2026",
            commitment_hash="9f2c" * 16, selected=sorted(drawn), selected_count=len(drawn),
            selected_complete=True, strata=strata, proof=f"/v1/draws/{draw}/proof"),
            _noon(day[10]))
    add("result tea", "inspection", InspectionResultRecorded(  # opens D-DEMO-1
        result_id="R-DEMO-1", visit_id="V-DEMO-1", uscc=tea, matter="SCJG-002",
        department="SCJG", result_category=ResultCategory.NO_PROBLEM_FOUND,
        recorded_on=day[2]))
    add("result market", "inspection", InspectionResultRecorded(
        result_id="R-DEMO-2", visit_id="V-DEMO-2", uscc=market, matter="SCJG-013",
        department="SCJG", result_category=ResultCategory.CORRECTED_ON_ORDER,
        recorded_on=day[2], severity="minor"))


def _credit_lists(add, day, fuman, port, green, tea, market) -> None:  # type: ignore[no-untyped-def]
    add("blacklist fuman", "credit", BlacklistChanged(
        uscc=fuman, listed=True, reason="存在 1 条公示期内的严重失信记录（行政处罚）",
        record_ids=["demo-fuman"], measures=["LHCJ-01"], legal_representative_hash=None,
        changed_at=_noon(day[11])))
    add("abnormal port", "credit", AbnormalListingChanged(
        listing_id="L-DEMO-1", uscc=port, listed=True, department="SCJG",
        reason="通过登记的住所（经营场所）无法联系", listed_on=day[15]))
    add("commitment green", "credit", CommitmentRegistered(
        commitment_id="C-DEMO-1", uscc=green, kind="public_disclosure", department="STHJ",
        matter=None, decision_ref=None, made_on=day[8], valid_until=add_months(day[8], 24),
        content="本单位承诺严格落实排污许可要求，按期公开自行监测数据，接受社会监督。"
                "监督电话：13805328866，联系人王建国。"))
    add("commitment tea", "credit", CommitmentRegistered(
        commitment_id="C-DEMO-2", uscc=tea, kind="approval_substitute", department="XZSP",
        matter="XZSP-001", decision_ref="青审批〔2026〕118号", made_on=day[25],
        valid_until=None, content="本单位承诺所提交的食品经营许可申请材料真实有效，"
                                  "如有虚假，自愿承担撤销许可及相应法律责任。"))
    add("complaint market", "complaint", ComplaintSubstantiated(
        complaint_id="CP-DEMO-1", uscc=market, category="food_safety",
        handling_department="SCJG", substantiated_on=day[4], severity="general"))


def _record(uscc: str, department: str, severity: str, decided_on: date, kind: str,
            fine: str | None = None, *, ban_until: date | None = None,
            record_id: str | None = None) -> RecordAdded:
    return RecordAdded(
        record_id=record_id or f"demo-{uscc}-{decided_on}", uscc=uscc,
        kind="administrative_penalty", severity=severity, department=department,  # type: ignore[arg-type]
        decided_on=decided_on, status="active", published=True, publicity_end=None,
        penalty_kind=kind, fine_yuan=Decimal(fine) if fine else None,  # type: ignore[arg-type]
        ban_until=ban_until)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(4, 0), tzinfo=UTC)  # noon in China
