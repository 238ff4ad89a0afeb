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
