"""PN-4 on a corpus of realistic Chinese notice texts: what is masked, what is left, and
what may never be published (a minor, a secret)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.public_notice.domain.masking import birth_day, screen
from services.public_notice.domain.rules import load_notice_rules

RULES = load_notice_rules()
DECIDED = date(2026, 11, 20)

# (text as a department wrote it, what the public may read)
MASKED = [
    ("当事人青岛海岸食品有限公司于2026年3月12日生产的“海岸牌”速冻水饺经抽检菌落总数不合格，"
     "经营者张某（身份证号码：370211198805061231，住址：山东省青岛市黄岛区长江中路88号3单元"
     "502室，手机13812345678）对违法事实无异议。",
     "当事人青岛海岸食品有限公司于2026年3月12日生产的“海岸牌”速冻水饺经抽检菌落总数不合格，"
     "经营者张某（身份证号码：3702************31，住址：山东省青岛市黄岛区****，"
     "手机138****5678）对违法事实无异议。"),
    ("经查，消费者李娟于2026年5月在当事人门店购买的面包已过保质期，消费者李娟反映后当事人未予退换。",
     "经查，消费者李某于2026年5月在当事人门店购买的面包已过保质期，消费者李某反映后当事人未予退换。"),
    ("举报人王小明称该店员工赵六患有活动性肺结核仍从事接触直接入口食品的工作，经查属实。",
     "举报人王某某称该店员工赵某患有[健康信息]仍从事接触直接入口食品的工作，经查属实。"),
    ("当事人应将罚款缴至指定账户，账号：6222 0212 3456 7890 123，开户行：中国工商银行青岛分行。",
     "当事人应将罚款缴至指定账户，账号：**** **** **** ***0 123，开户行：中国工商银行青岛分行。"),
    ("本单位承诺严格落实排污许可要求，监督电话：0532-88886666，邮箱 hb@lvyuan-env.com。",
     "本单位承诺严格落实排污许可要求，监督电话：0532-******66，邮箱 [邮箱已隐去]。"),
    ("患者孙丽丽于2025年12月在当事人诊所就诊，诊断为2型糖尿病，当事人超范围开具处方药品。",
     "患者孙某某于2025年12月在当事人诊所就诊，诊断为[健康信息]，当事人超范围开具处方药品。"),
    ("证人周杰伦系当事人仓库管理员，其证言与现场检查笔录相互印证。",
     "证人周某某系当事人仓库管理员，其证言与现场检查笔录相互印证。"),
    ("家住城阳区正阳路1号的居民反映该企业夜间施工噪声扰民。",
     "家住城阳区****的居民反映该企业夜间施工噪声扰民。"),
    ("受害人欧阳娜娜的医疗费用由当事人承担，其户籍地为山东省平度市同和街道某村。",
     "受害人欧阳某某的医疗费用由当事人承担，其户籍地为山东省平度市****。"),
    ("投诉人：陈晨，电话：（0532）86661234，反映该超市价格标签与结算价不一致。",
     "投诉人：陈某，电话：（0532）******34，反映该超市价格标签与结算价不一致。"),
]
# texts that must come out unchanged: the entity's own public data, an offence's name, a
# law about minors, a vaccine, a legal representative (registry data, public)
UNCHANGED = [
    "当事人违反《中华人民共和国未成年人保护法》第五十九条，向未满十八周岁的未成年人销售烟草制品。",
    "当事人侵犯商业秘密，违反《中华人民共和国反不正当竞争法》第九条。",
    "当事人未按规定储存乙肝疫苗，违反《疫苗管理法》第三十七条。",
    "统一社会信用代码91370200084700548K的企业未按期报送年度报告。",
    "当事人法定代表人张建国到场接受询问，对检查结果签字确认。",
    "经营者系统升级期间未按规定明码标价，罚款人民币20000元。",
]
BLOCKED = [
    ("经营者系未成年人，其监护人已到场配合调查。", "minor"),
    ("当事人（未成年）在校园周边无证经营。", "minor"),
    ("违法行为人刘某，身份证号码370203201003154510，于2026年6月在网络平台销售假冒化妆品。",
     "minor"),  # born 2010-03-15: sixteen on the decision day
    ("本文件涉及商业秘密，申请不予公开。", "trade_secret"),
    ("绝密★ 关于重大活动安保期间食品安全保障的工作方案", "state_secret"),
]


@pytest.mark.parametrize(("text", "public"), MASKED)
def test_personal_data_is_masked_and_the_rest_is_left_as_written(text: str, public: str) -> None:
    screening = screen([text], DECIDED, RULES)
    assert screening.blocked is None
    assert screening.texts == (public,)


@pytest.mark.parametrize("text", UNCHANGED)
def test_what_is_public_is_not_masked(text: str) -> None:
    assert screen([text], DECIDED, RULES).texts == (text,)


@pytest.mark.parametrize(("text", "reason"), BLOCKED)
def test_a_minor_or_a_secret_blocks_the_whole_notice(text: str, reason: str) -> None:
    screening = screen(["行政处罚决定", text], DECIDED, RULES)
    assert (screening.blocked, screening.texts) == (reason, ())


def test_no_phone_id_or_card_number_survives_the_corpus() -> None:
    masked = " ".join(screen([text], DECIDED, RULES).texts[0] for text, _ in MASKED)
    assert not re.search(r"1[3-9]\d{9}", masked)
    assert not re.search(r"\d{17}[\dX]", masked)
    assert not re.search(r"\d{4} \d{4} \d{4} \d{4}", masked)


def test_an_adult_id_number_is_masked_not_blocked() -> None:
    screening = screen(["证人身份证号码370283196507120021"], DECIDED, RULES)
    assert screening.blocked is None and "370283196507120021" not in screening.texts[0]


def test_a_minor_is_judged_on_the_decision_day() -> None:
    born_2008 = "370211200812010010"  # valid check digit, born 2008-12-01
    assert birth_day(born_2008) == date(2008, 12, 1)
    text = f"行为人身份证号码{born_2008}"
    assert screen([text], date(2026, 11, 30), RULES).blocked == "minor"  # 17 that day
    assert screen([text], date(2026, 12, 1), RULES).blocked is None  # 18 that day


def test_a_wrong_check_digit_is_no_id_number_to_age() -> None:
    assert birth_day("370203201003154519") is None
