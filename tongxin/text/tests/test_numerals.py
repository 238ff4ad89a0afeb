from decimal import Decimal

import pytest

from tongxin.text.numerals import parse_arabic, parse_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("七", 7),
        ("十五", 15),
        ("二十", 20),
        ("两百", 200),
        ("一千二百", 1200),
        ("一千二", 1200),
        ("两万五", 25000),
        ("一百零五", 105),
        ("三亿五千万", 350_000_000),
        ("千", 1000),
        ("百", 100),
    ],
)
def test_it_reads_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["三八", "二〇二二", "四五五六", "十百", "三万五千万"])
def test_it_rejects_digit_strings_and_malformed_numerals(text):
    assert parse_chinese(text) is None


def test_it_applies_magnitudes_to_arabic_numbers():
    assert parse_arabic("62.38", "亿") == Decimal("6238000000")
    assert parse_arabic("１．２", "万") == Decimal("12000")
    assert parse_arabic("2,300") == Decimal(2300)
