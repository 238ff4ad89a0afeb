"""Properties that must hold on any input."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongxin.text import (
    clean_annotations,
    extract_claims,
    find_corruption,
    read_article,
    to_simplified,
    to_traditional,
)
from tongxin.text.claim_kinds import KINDS

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of the pieces that matter here, so that examples hit the interesting paths.
PIECES = st.sampled_from(
    [
        "統", "(tǒng)", "（lǜ）", "(Wang)", "(", ")", "?", "\ufffd", "余", "多", "超", "近", "约",
        "上", "第", "每", "“", "”", "《", "》", "个", "場", "次", "人", "元", "万", "亿", "%",
        "一", "两", "十", "百", "千", "7", "0", "62.38", "1,234", "年", "月", "日", "\n", ",",
    ]
)  # fmt: skip
MIXED = st.one_of(st.text(max_size=60), st.lists(PIECES, max_size=30).map("".join))

NUMBERS = st.one_of(
    st.integers(1, 99999).map(str),
    st.sampled_from(["十五", "两百", "一千二百", "三十五", "1.2万", "62.38亿", "七"]),
)
QUALIFIED = st.tuples(
    st.sampled_from(["", "近", "超", "约", "逾"]),
    NUMBERS,
    st.sampled_from(["", "余", "多"]),
    st.sampled_from(["个", "件", "场", "场次", "人次", "名", "家", "元", "篇"]),
).map("".join)
SENTENCES = st.lists(
    st.tuples(st.sampled_from(["开展活动", "协调解决问题", "举办", "统战部组织"]), QUALIFIED),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join(f"{a}{b}，" for a, b in parts))


@FAST
@given(MIXED)
def test_nothing_raises_on_any_text(text):
    clean_annotations(text)
    find_corruption(text)
    extract_claims(text)
    read_article(text)


@FAST
@given(MIXED)
def test_clean_is_idempotent(text):
    once = clean_annotations(text).text
    assert clean_annotations(once).text == once


@FAST
@given(MIXED)
def test_clean_offsets_point_at_the_same_characters(text):
    result = clean_annotations(text)
    assert all(text[result.to_original(i)] == ch for i, ch in enumerate(result.text))


@FAST
@given(MIXED)
def test_every_surface_is_the_raw_text_at_its_offsets(text):
    for c in extract_claims(text):
        assert text[c["start"] : c["end"]] == c["surface"]


@FAST
@given(SENTENCES)
def test_claim_values_survive_a_round_trip_through_both_scripts(text):
    def key(t):
        return [(c["value"], c["unit"], c["qualifier"]) for c in extract_claims(t)]

    simplified = key(text)
    assert simplified
    assert key(to_traditional(text)) == simplified
    assert key(to_simplified(to_traditional(text))) == simplified


CHANGES = st.tuples(
    st.sampled_from(["同比增长", "较上年增加", "比上年减少", "同比下降", "较上年新增"]),
    st.integers(1, 9999).map(str),
    st.sampled_from(["%", "个", "家", "件", "场次"]),
).map("".join)
RANGES = st.tuples(
    st.integers(1, 5000), st.integers(1, 5000), st.sampled_from(["至", "到", "—", "~"])
).map(lambda t: f"{min(t[:2])}{t[2]}{max(t[:2]) + 1}个")
RANKS = st.tuples(
    st.sampled_from(["位列全省", "排名全省", "排名", "全市排名"]),
    st.sampled_from(["第5名", "第三", "第12位", "第一"]),
).map("".join)
KIND_SENTENCES = st.lists(
    st.tuples(st.sampled_from(["开展活动", "阵地建设", "考核"]), st.one_of(CHANGES, RANGES, RANKS)),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join(f"{a}{b}，" for a, b in parts))


@FAST
@given(st.one_of(MIXED, KIND_SENTENCES))
def test_every_claim_has_a_kind_and_ranges_are_ordered(text):
    for c in extract_claims(text):
        assert c["kind"] in KINDS
        if c["kind"] == "range":
            assert c["low"] < c["high"] and c["value"] == c["low"]


@FAST
@given(KIND_SENTENCES)
def test_one_claim_of_its_kind_per_phrase_in_both_scripts(text):
    def key(t):
        fields = ("value", "unit", "kind", "direction", "base", "low", "high", "scope")
        return [tuple(c.get(f) for f in fields) for c in extract_claims(t)]

    claims = key(text)
    assert len(claims) == text.count("，")
    assert all(k[2] in ("growth", "change", "range", "rank") for k in claims)
    assert key(to_traditional(text)) == claims
