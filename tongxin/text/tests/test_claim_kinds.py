"""The kinds of claim (issue 21): growth, change, range, rank, and what is none of them."""

import pytest

from tongxin.text import extract_claims
from tongxin.text.claim_kinds import KINDS

FIELDS = ("value", "unit", "kind", "direction", "base", "low", "high", "per_unit", "scope")


def one(text):
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return {k: v for k, v in claims[0].items() if k in FIELDS}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推介项目46个。", {"value": 46, "unit": "个", "kind": "count"}),
        ("授信62.38亿元。", {"value": 6238000000, "unit": "元", "kind": "amount"}),
        ("满意度95%。", {"value": 95, "unit": "%", "kind": "percent"}),
        ("占比12个百分点。", {"value": 12, "unit": "个百分点", "kind": "percent"}),
        ("增长到95%。", {"value": 95, "unit": "%", "kind": "percent"}),
        ("新增10家台资企业。", {"value": 10, "unit": "家", "kind": "count"}),
        ("培训35 名骨干。", {"value": 35, "unit": "名", "kind": "count"}),
        ("培训35\u3000名骨干。", {"value": 35, "unit": "名", "kind": "count"}),
    ],
)
def test_plain_claims_have_their_kind(text, expected):
    assert one(text) == expected


UP_PREV = {"direction": "up", "base": "previous_year"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营收同比增长39.4%。", {"value": 39.4, "unit": "%", "kind": "growth", **UP_PREV}),
        ("较上年增长20%。", {"value": 20, "unit": "%", "kind": "growth", **UP_PREV}),
        (
            "信访量同比下降5.2%。",
            {
                "value": 5.2,
                "unit": "%",
                "kind": "growth",
                "direction": "down",
                "base": "previous_year",
            },
        ),  # fmt: skip
        (
            "增加值增长6.5%。",
            {"value": 6.5, "unit": "%", "kind": "growth", "direction": "up", "base": None},
        ),  # fmt: skip
        (
            "比2021年增长15%。",
            {"value": 15, "unit": "%", "kind": "growth", "direction": "up", "base": 2021},
        ),  # fmt: skip
        (
            "规模增长一倍。",
            {"value": 100, "unit": "%", "kind": "growth", "direction": "up", "base": None},
        ),  # fmt: skip
        (
            "实现翻一番。",
            {"value": 100, "unit": "%", "kind": "growth", "direction": "up", "base": None},
        ),  # fmt: skip
        (
            "实现翻两番。",
            {"value": 300, "unit": "%", "kind": "growth", "direction": "up", "base": None},
        ),  # fmt: skip
        ("较上年增加2家。", {"value": 2, "unit": "家", "kind": "change", **UP_PREV}),
        (
            "提升12个百分点。",
            {"value": 12, "unit": "个百分点", "kind": "change", "direction": "up", "base": None},
        ),  # fmt: skip
        ("比上年多解决11件。", {"value": 11, "unit": "件", "kind": "change", **UP_PREV}),
        ("较上年新增108处。", {"value": 108, "unit": "处", "kind": "change", **UP_PREV}),
        (
            "较去年减少3场。",
            {
                "value": 3,
                "unit": "场",
                "kind": "change",
                "direction": "down",
                "base": "previous_year",
            },
        ),  # fmt: skip
    ],
)
def test_growth_and_change(text, expected):
    assert one(text) == expected


def test_growth_keeps_its_wording_and_one_claim_only():
    claims = extract_claims("同比增长39.4%")
    assert [(c["surface"], c["wording"]) for c in claims] == [("39.4%", "同比增长")]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("举办800至900场次。", 800, 900, "场次"),
        ("建成3到5个。", 3, 5, "个"),
        ("建成3—5个。", 3, 5, "个"),
        ("建成3-5个。", 3, 5, "个"),
        ("建成3~5个。", 3, 5, "个"),
        ("建成3个至5个。", 3, 5, "个"),
        ("建成三至五个。", 3, 5, "个"),
        ("惠及1.2万至1.5万人。", 12000, 15000, "人"),
    ],
)
def test_ranges(text, low, high, unit):
    assert one(text) == {
        "value": low, "unit": unit, "kind": "range", "low": low, "high": high, "per_unit": False
    }  # fmt: skip


def test_a_range_after_every_is_per_unit():
    assert one("每个区县打造3至5个示范点。")["per_unit"] is True


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        ("考核位列全省第5名。", 5, "全省"),
        ("考核排名全省第三。", 3, "全省"),
        ("工作排名第3位。", 3, None),
        ("获得第2名。", 2, None),
        ("在全省考核中位列第一。", 1, "全省"),
        ("全省排名第12。", 12, "全省"),
    ],
)
def test_ranks(text, value, scope):
    assert one(text) == {"value": value, "unit": "名", "kind": "rank", "scope": scope}


@pytest.mark.parametrize(
    "text",
    [
        "第二十届海科会,第4批,第 4 批",
        "全省第一家,坚守第一方阵,位列第一方阵",
        "2022年2月18日,2023年02月18日 19:54",
        "坚决做到两个维护,协调推进四个全面,践行三个代表,两个确立",
        "“两个维护”“四个全面”",
        "为期3个月,5年来,3至5年,1至12月",
        "电话0816-2345678",
        "位列前10名",
        "5至3个",
    ],
)
def test_not_claims(text):
    assert extract_claims(text) == []


def test_every_claim_has_a_known_kind():
    text = "同比增长20%，新增10家，800至900场次，全省第5名，62.38亿元，95%"
    assert {c["kind"] for c in extract_claims(text)} <= set(KINDS)
