from decimal import Decimal

import pytest

from tongxin.text import format_count, format_money


@pytest.mark.parametrize(
    ("n", "measure", "expected"),
    [(46, "个", "46个"), (49, "名", "49名"), (13600, "人", "1.36万人"), (10000, "人", "1万人")],
)
def test_counts_print_exact_by_default(n, measure, expected):
    assert format_count(n, measure) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (73, "70余件"),
        (43, "40余件"),
        (412, "400余件"),
        (826, "800余件"),
        (216, "200余件"),
        (1234, "1200余件"),
        (23456, "2.3万余件"),
        (19, "19件"),
        (400, "400件"),
        (23000, "2.3万件"),
    ],
)
def test_approximate_counts_floor_and_say_yu(n, expected):
    assert format_count(n, "件", approx=True) == expected


def test_a_count_must_be_a_whole_number():
    with pytest.raises(ValueError):
        format_count(-1, "个")
    with pytest.raises(ValueError):
        format_count(1.5, "个")


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [
        (6238000000, "62.38亿元"),
        (15000000, "1500万元"),
        (Decimal("1234.5"), "1234.5元"),
        ("0.005", "0.01元"),
        (99_999_999, "1亿元"),
        (12345, "1.23万元"),
        (12355, "1.24万元"),
    ],
)
def test_money_prints_in_yi_wan_or_yuan(yuan, expected):
    assert format_money(yuan) == expected
