"""The data the 投诉举报 benchmarks run on: a complaint-intake database of 1,000,000 stored
complaints over 100,000 entities (one of them with 5,000 in the last month), filled with
plain ``sqlite3``, and the public filings their load sends."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from services.complaint_intake.domain.duplicates import bucket_keys, pack_buckets
from services.complaint_intake.domain.rules import ComplaintRules
from shared.uscc import generate_many

COMPLAINTS, ENTITIES, HOT_ENTITY_COMPLAINTS = 1_000_000, 100_000, 5_000
CATEGORIES = ("food_safety", "pricing", "product_quality", "advertising", "consumer_rights")
_PLACES = ("超市", "餐馆", "药店", "加油站", "健身房", "培训机构", "手机店", "理发店", "面包房",
           "酒店")
_WRONGS = ("销售过期食品", "价格欺诈", "虚假宣传", "缺斤短两", "拒绝退款", "卫生条件差", "无证经营",
           "以次充好", "强制消费", "不开发票")
_DETAILS = ("多次交涉无果", "店员态度恶劣", "已保留票据", "涉及多名消费者", "要求依法处理",
            "持续一个多月", "周末尤其严重", "有视频为证", "已向平台反映", "希望尽快核查")


def complaint_text(rng: random.Random) -> str:
    """A complaint's description as the public writes them: place, wrong, two details."""
    return (f"{rng.choice(_PLACES)}{rng.choice(_WRONGS)}，{rng.choice(_DETAILS)}，"
            f"{rng.choice(_DETAILS)}，编号{rng.randrange(10**6)}。")


def fill_complaints(path: Path, rules: ComplaintRules, today: date) -> tuple[list[str], str]:
    """1,000,000 complaints over 100,000 entities in the year to ``today`` (one entity
    with 5,000 in the last month); returns the entities and the hot one."""
    rng = random.Random(7)
    texts = [complaint_text(rng) for _ in range(2000)]
    signatures = [pack_buckets(bucket_keys(text, rules)) for text in texts]
    codes = generate_many(ENTITIES, seed=11, region="370211")
    hot = codes[0]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")

    def rows():  # type: ignore[no-untyped-def]
        for i in range(COMPLAINTS):
            entity = hot if i < HOT_ENTITY_COMPLAINTS else codes[i % ENTITIES]
            day = (today - timedelta(days=rng.randrange(30 if entity == hot else 365)))
            day = day.isoformat()
            n = rng.randrange(len(texts))
            yield (f"bench-{i:09d}", f"{i:016d}", CATEGORIES[i % 5] if entity != hot
                   else "food_safety", entity, texts[n], signatures[n], f"{day} 02:00:00",
                   day)

    conn.executemany(
        "INSERT INTO complaints (id, receipt_code, kind, channel, status, category, region,"
        " department, entity_key, description, attachments, buckets, received_at,"
        " received_on, duplicates, channels, misroutes, internal_whistleblower,"
        " reporter_standing, filed_by, updated_at, uscc) VALUES (?1, ?2, 'complaint',"
        " 'public', 'received', ?3, '370211', 'SCJG', ?4, ?5, '[]', ?6, ?7, ?8, 0,"
        " '[\"public\"]', 0, 0, 'ok', 'bench', ?7, ?4)", rows())
    conn.commit()
    conn.close()
    return codes, hot


def filing_requests(path: Path, codes: list[str], count: int = 20_000, seed: int = 5) -> None:
    """``count`` public filings about ``codes`` as ``bench.http_load`` request lines."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = {"kind": "report" if i % 4 == 0 else "complaint",
                    "subject": {"uscc": rng.choice(codes)}, "category": rng.choice(CATEGORIES),
                    "description": complaint_text(rng),
                    "reporter": {"name": "张三", "phone": f"139{rng.randrange(10**8):08d}",
                                 "id_number": f"370211198506{rng.randrange(10**6):06d}"}}
            out.write(f"POST /v1/complaints {json.dumps(body, ensure_ascii=False)}\n")
