"""Indicator tables reuse the grouped passes of a year until its records change: the
dashboard's five trend years cost a query or two, yet a figure is never older than
the records behind it."""

from django.core.cache import cache
from django.db import transaction

from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.indicators.tests.base import IndicatorTestCase
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.services import record_approve

Y2022 = period_for(2022)


class PassCacheTests(IndicatorTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def table(self):
        return indicator_table(
            indicators=[self.forums, self.forum_people, self.instructed],
            period=Y2022,
            units=[self.city, self.guanghan],
        )

    def test_a_second_table_reads_the_passes_from_the_cache(self):
        # definitions (3), unit paths, year token, base pass, link pass
        with self.assertNumQueries(7):
            first = self.table()
        with self.assertNumQueries(5):
            second = self.table()
        self.assertEqual(first.values, second.values)

    def test_an_approval_shows_at_once(self):
        before = self.table().value(self.forums, self.city)
        waiting = WorkRecord.objects.get(title="广汉未审核的恳谈会")
        record_approve(actor=self.city_editor, record=waiting)
        self.assertEqual(self.table().value(self.forums, self.city), before + 1)

    def test_a_rolled_back_change_leaves_no_trace_in_the_cache(self):
        before = self.table().value(self.forum_people, self.city)

        class Undo(Exception):
            pass

        try:
            with transaction.atomic():
                WorkRecord.objects.filter(status=RecordStatus.APPROVED).update(participants=1000)
                self.assertNotEqual(self.table().value(self.forum_people, self.city), before)
                raise Undo
        except Undo:
            pass
        self.assertEqual(self.table().value(self.forum_people, self.city), before)

    def test_another_year_keeps_its_cached_passes(self):
        y2021 = period_for(2021)
        indicator_table(indicators=[self.forums], period=y2021, units=[self.city])
        self.make_record(title="2022年又一场", count=1, participants=5, approve=True)
        # definitions (3), unit paths, year token: the 2021 pass comes from the cache
        with self.assertNumQueries(5):
            indicator_table(indicators=[self.forums], period=y2021, units=[self.city])
