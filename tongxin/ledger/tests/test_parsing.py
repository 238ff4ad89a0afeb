import datetime as dt
from decimal import Decimal
from unittest import TestCase

from tongxin.ledger.parsing import (
    AMOUNT_INVALID,
    AMOUNT_NEGATIVE,
    AMOUNT_TOO_PRECISE,
    DATE_INVALID,
    DATE_NOT_EXIST,
    DATE_OUT_OF_RANGE,
    INTEGER_INVALID,
    INTEGER_NEGATIVE,
    CellError,
    clean_text,
    parse_amount,
    parse_date,
    parse_integer,
)

MARCH_5 = dt.date(2022, 3, 5)


class DateTests(TestCase):
    def test_it_reads_every_common_written_form(self):
        for text in (
            "2022-03-05",
            "2022-3-5",
            "2022/3/5",
            "2022/03/05",
            "2022.3.5",
            "2022年3月5日",
            "2022 年 3 月 5 日",
            "２０２２年３月５日",
            "二〇二二年三月五日",
            "20220305",
            " 2022-03-05 00:00:00 ",
            "2022/3/5 9:30",
            "2022-03-05T09:30:00",
        ):
            with self.subTest(text):
                self.assertEqual(parse_date(text), MARCH_5)

    def test_it_reads_chinese_tens_in_months_and_days(self):
        self.assertEqual(parse_date("二〇二一年十二月三十一日"), dt.date(2021, 12, 31))
        self.assertEqual(parse_date("2021年十月二十日"), dt.date(2021, 10, 20))

    def test_it_reads_excel_cells_dates_and_serials(self):
        self.assertEqual(parse_date(dt.datetime(2022, 3, 5, 14, 0)), MARCH_5)
        self.assertEqual(parse_date(MARCH_5), MARCH_5)
        self.assertEqual(parse_date(44625), MARCH_5)
        self.assertEqual(parse_date(44625.0), MARCH_5)
        self.assertEqual(parse_date("44625"), MARCH_5)
        self.assertEqual(parse_date(20220305), MARCH_5)

    def test_a_date_that_does_not_exist_is_named(self):
        with self.assertRaisesRegex(CellError, "不存在"):
            parse_date("2022-02-30")
        self.assertEqual(DATE_NOT_EXIST.format(value="2022-02-30"), "日期“2022-02-30”不存在。")

    def test_unreadable_and_implausible_dates_are_refused_in_chinese(self):
        for value, message in (
            ("三月五日", DATE_INVALID),
            ("2022-03", DATE_INVALID),
            ("2022", DATE_INVALID),
            ("下周一", DATE_INVALID),
            (True, DATE_INVALID),
            ("1900-01-01", DATE_OUT_OF_RANGE),
            (12, DATE_OUT_OF_RANGE),
        ):
            with self.subTest(value), self.assertRaises(CellError) as caught:
                parse_date(value)
            self.assertEqual(str(caught.exception), message.format(value=clean_text(value)))


class IntegerTests(TestCase):
    def test_it_reads_full_width_digits_separators_and_measure_words(self):
        for value, expected in (
            (35, 35),
            (35.0, 35),
            ("35", 35),
            ("３５", 35),
            ("1,200", 1200),
            ("1，200", 1200),
            ("１，２００", 1200),
            (" 40 ", 40),
        ):
            with self.subTest(value):
                self.assertEqual(parse_integer(value), expected)
        self.assertEqual(parse_integer("3场", suffixes=("场",)), 3)
        self.assertEqual(parse_integer("40人", suffixes=("人", "名")), 40)

    def test_fractions_typos_and_negatives_are_refused(self):
        for value, message in (
            ("3.5", INTEGER_INVALID),
            (3.5, INTEGER_INVALID),
            ("12,34", INTEGER_INVALID),
            ("三", INTEGER_INVALID),
            ("3场", INTEGER_INVALID),  # no measure word allowed here
            ("-2", INTEGER_NEGATIVE),
        ):
            with self.subTest(value), self.assertRaises(CellError) as caught:
                parse_integer(value)
            self.assertEqual(str(caught.exception), message.format(value=clean_text(value)))


class AmountTests(TestCase):
    def test_it_reads_yuan_wan_and_yi(self):
        for value, expected in (
            (1234.5, "1234.50"),
            ("1234.5", "1234.50"),
            ("1,234.50", "1234.50"),
            ("￥1,234", "1234.00"),
            ("1234元", "1234.00"),
            ("12.5万元", "125000.00"),
            ("12.5万", "125000.00"),
            ("３，０００万元", "30000000.00"),
            ("1.2亿元", "120000000.00"),
            ("1.5亿", "150000000.00"),
            ("0.0001万元", "1.00"),
        ):
            with self.subTest(value):
                self.assertEqual(parse_amount(value), Decimal(expected))

    def test_a_column_headed_in_wan_reads_bare_numbers_as_wan(self):
        self.assertEqual(parse_amount(12.5, unit="万元"), Decimal("125000.00"))
        self.assertEqual(parse_amount("1.2亿元", unit="万元"), Decimal("120000000.00"))

    def test_bad_amounts_are_refused_in_chinese(self):
        for value, message in (
            ("一百万", AMOUNT_INVALID),
            ("12,34", AMOUNT_INVALID),
            ("-5万元", AMOUNT_NEGATIVE),
            ("12.345", AMOUNT_TOO_PRECISE),
        ):
            with self.subTest(value), self.assertRaises(CellError) as caught:
                parse_amount(value)
            self.assertEqual(str(caught.exception), message.format(value=value))


class CleanTextTests(TestCase):
    def test_numbers_read_as_typed(self):
        self.assertEqual(clean_text(2022.0), "2022")
        self.assertEqual(clean_text(None), "")
        self.assertEqual(clean_text("  恳谈会 "), "恳谈会")
