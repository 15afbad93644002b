"""Duplicate complaints (重复投诉, CP-1): near-identical Chinese texts about the same entity
and category within the window link; anything else does not; LSH keys find them."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from services.complaint_intake.domain.duplicates import (
    FiledComplaint,
    _permutations,
    bucket_keys,
    first_duplicate,
    is_duplicate,
    min_hashes,
    normalise,
    pack_buckets,
    share_a_bucket,
    shingles,
    signature,
    similarity,
)
from services.complaint_intake.domain.rules import ComplaintRules

USCC = "91370202MA3C4XYZ1K"
FIRST = FiledComplaint(
    entity=USCC,
    category="food_safety",
    received_on=date(2026, 3, 2),
    description="该超市销售过期牛奶，生产日期为２０２６年３月１日，保质期已过，请查处！",
    kind="complaint",
)
# The same matter through another channel: half-width punctuation and digits, reworded.
AGAIN = replace(
    FIRST,
    received_on=date(2026, 3, 20),
    description="该超市销售过期牛奶,生产日期为2026年3月1日, 保质期早已过了,请尽快查处。",
)

NEAR_DUPLICATES = [
    (FIRST.description, AGAIN.description),
    (
        "某培训机构拒不退还学费，合同约定七天无理由退款，现在联系不上负责人。",
        "某培训机构拒绝退还学费!合同约定7天无理由退款,现在已经联系不上负责人",
    ),
    (
        "小区门口的加油站夜间偷偷卸油，油品质量有问题，车辆加油后发动机故障。",
        "小区门口加油站夜里偷偷卸油，油品质量有问题，我的车加油后发动机故障",
    ),
]
UNRELATED = [
    "该超市销售过期牛奶，生产日期为2026年3月1日，保质期已过，请查处！",
    "某培训机构拒不退还学费，合同约定七天无理由退款，现在联系不上负责人。",
    "小区门口的加油站夜间偷偷卸油，油品质量有问题，车辆加油后发动机故障。",
    "网店宣传的羊绒大衣实际羊绒含量不足百分之十，属于虚假宣传。",
    "药店在未取得处方的情况下向顾客出售处方药抗生素。",
    "电梯年检合格证已经过期三个月，物业公司仍然继续使用。",
    "餐馆后厨卫生条件极差，发现老鼠和蟑螂，员工没有健康证。",
    "快递公司丢失包裹后拒绝按保价金额赔偿，客服态度恶劣。",
    "美容院推销预付卡后突然关门，老板失联，数十名会员受损。",
    "化工厂夜间向河道排放刺鼻废水，附近居民多次闻到异味。",
    "手机维修店更换配件时使用翻新零件冒充原装正品。",
    "农贸市场的电子秤缺斤短两，一斤猪肉少了将近一两。",
]


def test_normalisation_folds_full_width_and_drops_punctuation_and_spaces() -> None:
    assert normalise("ＡＢＣ　１２３，牛奶！ (过期)") == "abc123牛奶过期"
    assert shingles("牛奶！") == frozenset({"牛奶"})
    assert shingles("奶") == frozenset({"奶"})
    assert shingles(" ，。") == frozenset()


def test_similarity_of_reworded_texts_is_high_and_of_unrelated_ones_low() -> None:
    assert similarity(FIRST.description, FIRST.description) == 1.0
    assert similarity(FIRST.description, AGAIN.description) > 0.6
    assert similarity(UNRELATED[0], UNRELATED[6]) < 0.1
    assert similarity("", "") == 0.0


def test_same_entity_category_and_window_with_similar_text_links(rules: ComplaintRules) -> None:
    assert is_duplicate(AGAIN, FIRST, rules)


def test_other_category_does_not_link(rules: ComplaintRules) -> None:
    assert not is_duplicate(replace(AGAIN, category="product_quality"), FIRST, rules)


def test_a_report_does_not_link_to_a_complaint(rules: ComplaintRules) -> None:
    assert not is_duplicate(replace(AGAIN, kind="report"), FIRST, rules)
    assert is_duplicate(replace(AGAIN, kind="report"), replace(FIRST, kind="report"), rules)


def test_other_entity_does_not_link(rules: ComplaintRules) -> None:
    assert not is_duplicate(replace(AGAIN, entity="91370200163562681G"), FIRST, rules)
    assert not is_duplicate(replace(AGAIN, entity=""), replace(FIRST, entity=""), rules)


def test_window_is_inclusive_and_outside_it_does_not_link(rules: ComplaintRules) -> None:
    window = timedelta(days=rules.duplicates.window_days)
    assert is_duplicate(replace(AGAIN, received_on=FIRST.received_on + window), FIRST, rules)
    later = replace(AGAIN, received_on=FIRST.received_on + window + timedelta(days=1))
    assert not is_duplicate(later, FIRST, rules)


def test_different_text_about_the_same_entity_does_not_link(rules: ComplaintRules) -> None:
    other = replace(AGAIN, description="该超市的收银员多收了我二十元钱，拒不退还差价。")
    assert not is_duplicate(other, FIRST, rules)


def test_near_duplicates_share_an_lsh_bucket(rules: ComplaintRules) -> None:
    for first, second in NEAR_DUPLICATES:
        assert set(bucket_keys(first, rules)) & set(bucket_keys(second, rules)), first


def test_unrelated_texts_mostly_do_not_share_a_bucket(rules: ComplaintRules) -> None:
    keys = [set(bucket_keys(text, rules)) for text in UNRELATED]
    pairs = list(combinations(keys, 2))
    colliding = sum(1 for a, b in pairs if a & b)
    assert colliding <= len(pairs) // 10, f"{colliding} of {len(pairs)} unrelated pairs collide"


def test_signature_is_stable_and_shaped_as_lookup_keys(rules: ComplaintRules) -> None:
    keys = signature(FIRST.description, bands=20, rows=3)
    assert len(keys) == 20 == len(set(keys))
    assert keys == signature(FIRST.description, bands=20, rows=3)
    assert all(key.startswith(f"minhash-bigram-v1:{band}:") for band, key in enumerate(keys))
    # Punctuation and width do not change the keys; no text, no keys.
    assert signature("ＡＢＣ，牛奶", 4) == signature("abc牛奶", 4)
    assert signature("，。！", 4) == ()


def test_signature_keys_stored_by_earlier_versions_still_match() -> None:
    # Keys are stored with every complaint: a faster computation must give the same keys.
    keys = signature("超市销售过期食品，多次交涉无果，已保留票据。", bands=20, rows=3)
    assert keys[:2] == ("minhash-bigram-v1:0:c489d790d3485da5",
                        "minhash-bigram-v1:1:a445b08843de98e2")


def test_min_hashes_equal_the_arithmetic_on_python_integers() -> None:
    prime, rng = (1 << 61) - 1, random.Random(4)
    edges = [0, 1, prime - 1, prime, prime + 1, (1 << 64) - 1, (1 << 63), (1 << 61)]
    for _ in range(300):
        values = [rng.choice([rng.getrandbits(64), rng.choice(edges)])
                  for _ in range(rng.randrange(1, 60))]
        expected = [min((a * value + b) % prime for value in values)
                    for a, b in _permutations(60)]
        assert min_hashes(values, 60) == expected


def test_packed_buckets_keep_one_digest_per_band_and_find_candidates(
        rules: ComplaintRules) -> None:
    first, retold, other = (pack_buckets(bucket_keys(text, rules)) for text in (
        "这家餐馆后厨卫生极差，老鼠出没，餐具不消毒，多人腹泻。",
        "这家餐馆后厨卫生极差，有老鼠出没，餐具不消毒，很多人腹泻",
        "门口违规摆放广告牌，占用盲道，影响通行。"))
    assert len(first) == 8 * rules.duplicates.lsh.bands
    assert share_a_bucket(first, retold) and not share_a_bucket(first, other)
    assert pack_buckets(()) == b"" and not share_a_bucket(b"", first)


def test_first_duplicate_is_the_earliest_repeat_in_the_window(rules: ComplaintRules) -> None:
    day = date(2026, 11, 2)
    text = "这家餐馆后厨卫生极差，老鼠出没，餐具不消毒，多人腹泻。"
    new = FiledComplaint("91370200MA3C000001", "food_safety", day, text, "complaint")
    earlier = [
        replace(new, category="pricing"),
        replace(new, kind="report"),
        replace(new, entity="91370200MA3C000002"),
        replace(new, received_on=day - timedelta(days=rules.duplicates.window_days + 1)),
        replace(new, description="门口违规摆放广告牌，占用盲道，影响通行。"),
        replace(new, description=text + "请尽快处理"),
        new,
    ]
    assert first_duplicate(new, earlier, rules) == 5
    assert first_duplicate(new, earlier[:5], rules) is None
    assert first_duplicate(replace(new, description="。。"), earlier, rules) is None
