import datetime as dt

from django.test import SimpleTestCase

from tongxin.cases.deadlines import add_working_days


class AddWorkingDaysTests(SimpleTestCase):
    def test_weekends_are_skipped(self):
        friday = dt.date(2022, 5, 13)
        self.assertEqual(add_working_days(friday, 1), dt.date(2022, 5, 16))
        self.assertEqual(add_working_days(friday, 5), dt.date(2022, 5, 20))
        self.assertEqual(add_working_days(friday, 7), dt.date(2022, 5, 24))

    def test_a_case_received_at_the_weekend_counts_from_monday(self):
        saturday = dt.date(2022, 5, 14)
        self.assertEqual(add_working_days(saturday, 1), dt.date(2022, 5, 16))

    def test_zero_days_is_the_same_day(self):
        self.assertEqual(add_working_days(dt.date(2022, 5, 13), 0), dt.date(2022, 5, 13))
