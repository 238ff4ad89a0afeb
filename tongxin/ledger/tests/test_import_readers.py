"""Property tests of the cell readers the import uses (issue 20): dates and numbers in
every form people write them."""

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from tongxin.ledger.parsing import CellError, parse_amount, parse_date, parse_integer

_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
_CN = "〇一二三四五六七八九"

dates = st.dates(min_value=dt.date(1949, 1, 1), max_value=dt.date(2100, 12, 31))


def chinese(n: int) -> str:
    """5 -> 五, 12 -> 十二, 20 -> 二十, 31 -> 三十一 (as people write a month or day)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


class DateReaderProperties(SimpleTestCase):
    @given(dates)
    def test_every_written_form_reads_back_the_date(self, d):
        serial = (d - dt.date(1899, 12, 30)).days
        forms = [
            f"{d.year}年{d.month}月{d.day}日",
            f"{d.year}.{d.month}.{d.day}",
            f"{d.year}/{d.month:02}/{d.day:02}",
            f"{d.year}-{d.month}-{d.day}",
            f"{d.year}{d.month:02}{d.day:02}",
            f"{d.year}-{d.month:02}-{d.day:02} 00:00:00",
            dt.datetime(d.year, d.month, d.day, 9, 30),
            d,
            serial,
            float(serial),
        ]
        for value in forms:
            self.assertEqual(parse_date(value), d, value)

    @given(dates)
    def test_a_date_without_its_year_takes_the_sheets_year(self, d):
        for text in (f"{d.month}月{d.day}日", f"{chinese(d.month)}月{chinese(d.day)}日"):
            self.assertEqual(parse_date(text, year=d.year), d, text)
            with self.assertRaises(CellError):
                parse_date(text)

    @given(st.integers(1949, 2100), st.integers(1, 12), st.integers(29, 40))
    def test_an_impossible_date_is_an_error_never_another_date(self, year, month, day):
        try:
            dt.date(year, month, day)
        except ValueError:
            for text in (f"{year}-{month}-{day}", f"{month}月{day}日"):
                with self.assertRaises(CellError):
                    parse_date(text, year=year)


class NumberReaderProperties(SimpleTestCase):
    @given(st.integers(0, 2_000_000_000))
    def test_whole_numbers_as_written(self, n):
        for text in (str(n), f"{n:,}", f"{n:,}".translate(_FULL_WIDTH), f"{n}人", float(n)):
            self.assertEqual(parse_integer(text, suffixes=("人",)), n, text)

    @given(st.decimals(min_value=0, max_value=Decimal("99999999"), places=2))
    def test_amounts_are_stored_in_yuan(self, amount):
        self.assertEqual(parse_amount(str(amount)), amount)
        self.assertEqual(parse_amount(f"{amount:,}"), amount)
        self.assertEqual(parse_amount(f"{amount:,}".translate(_FULL_WIDTH)), amount)
        self.assertEqual(parse_amount(f"{amount}元"), amount)

    @given(st.decimals(min_value=0, max_value=Decimal("9999"), places=4))
    def test_ten_thousands_and_hundred_millions(self, number):
        self.assertEqual(parse_amount(f"{number}万元"), number * 10_000)
        self.assertEqual(parse_amount(f"{number}万"), number * 10_000)
        self.assertEqual(parse_amount(number, unit="万元"), number * 10_000)
        self.assertEqual(parse_amount(f"{number}亿"), number * 100_000_000)

    @given(st.text(alphabet="abc年月日-/.", min_size=1, max_size=8))
    def test_text_that_is_no_number_is_an_error(self, text):
        with self.assertRaises(CellError):
            parse_integer(text)
