"""A search's pages and bounded totals, read from a sample of its first hits in date
order (SQLite) or from every hit, are what every hit gives: same records, same order,
same counts, whichever way they were read."""

import datetime as dt
import random
from unittest import mock

from django.db import connection

from tongxin.ledger import search, selectors
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.selectors import RecordFilter
from tongxin.ledger.tests.base import LedgerTestCase

STATUSES = [RecordStatus.APPROVED] * 6 + [RecordStatus.SUBMITTED, RecordStatus.WITHDRAWN]


class SearchPageTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rng = random.Random(23)
        # Dates repeat (the id breaks ties) and run against the ids; 统战 in two thirds,
        # 恳谈会 in a tenth, in the title or the description.
        records = []
        for i in range(90):
            by = cls.guanghan_reporter if i % 3 else cls.shifang_reporter
            words = ("统战" if i % 3 else "") + ("恳谈会" if i % 10 == 0 else "")
            in_title = i % 2 == 0
            records.append(
                WorkRecord(
                    unit=by.unit,
                    record_type=cls.forum,
                    area=cls.forum.area,
                    date=dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(40)),
                    title=f"第{i}条{words if in_title else ''}记录",
                    description=f"内容{'' if in_title else words}。",
                    count=i % 4 or None,
                    participants=i,
                    status=rng.choice(STATUSES),
                    created_by=by,
                    updated_by=by,
                )
            )
        WorkRecord.objects.bulk_create(records)

    FILTERS = [
        RecordFilter(q="统战"),
        RecordFilter(q="统战", sort="date"),
        RecordFilter(q="恳谈会"),
        RecordFilter(q="统战 恳谈会"),
        RecordFilter(q="统战", status=RecordStatus.SUBMITTED),
        RecordFilter(q="统战", unit_id=None, year=2021),
        RecordFilter(q="统战", sort="unit"),
        RecordFilter(q="量子计算"),
    ]

    def every_hit(self, flt: RecordFilter) -> list[int]:
        flt = RecordFilter(**{**flt.__dict__})
        return list(selectors.filtered_records(self.city_editor, flt).values_list("pk", flat=True))

    def test_pages_are_those_of_every_hit_in_order(self):
        # Factor 1: samples too small for any filter but 统战's; 8: as served.
        for factor in (1, 8):
            for flt in self.FILTERS:
                expected = self.every_hit(flt)
                for size in (1, 7, 50):
                    for number in (1, 2, 3):
                        with self.subTest(factor=factor, flt=flt, size=size, number=number):
                            with mock.patch.object(selectors, "SEARCH_SAMPLE_FACTOR", factor):
                                page = selectors.search_page(
                                    self.city_editor, flt, number=number, size=size
                                )
                            start = (number - 1) * size
                            shown = [r.pk for r in page.object_list]
                            self.assertEqual(shown, expected[start : start + size])
                            self.assertEqual(page.has_next, len(expected) > start + size)

    def test_a_first_page_holding_every_hit_has_their_totals(self):
        flt = RecordFilter(q="统战 恳谈会")
        page = selectors.search_page(self.city_editor, flt, number=1, size=50)
        self.assertEqual(page.totals, selectors.search_totals(self.city_editor, flt))
        page = selectors.search_page(self.city_editor, RecordFilter(q="统战"), number=1, size=50)
        self.assertIsNone(page.totals)

    def test_bounded_totals_are_those_of_every_hit(self):
        for limit in (5, 20, 1000):
            for factor in (1, 8):
                for flt in self.FILTERS:
                    with (
                        self.subTest(limit=limit, factor=factor, flt=flt),
                        mock.patch.object(selectors, "SEARCH_COUNT_LIMIT", limit),
                        mock.patch.object(selectors, "SEARCH_SAMPLE_FACTOR", factor),
                    ):
                        every = selectors.filtered_records(self.city_editor, flt)
                        self.assertEqual(
                            selectors.search_totals(self.city_editor, flt),
                            selectors.measure_totals(every, bounded=True),
                        )

    def test_exact_totals_count_every_hit(self):
        flt = RecordFilter(q="统战")
        hits = WorkRecord.objects.filter(pk__in=self.every_hit(flt))
        with mock.patch.object(selectors, "SEARCH_COUNT_LIMIT", 5):
            self.assertTrue(selectors.search_totals(self.city_editor, flt)["capped"])
            exact = selectors.search_totals(self.city_editor, flt, exact=True)
        self.assertEqual(exact["records"], hits.count())
        self.assertEqual(exact["participants"], sum(r.participants for r in hits))

    def test_a_reporter_pages_and_counts_only_their_own_countys_hits(self):
        # Counted here from the rows, not through the list's filters: 广汉's records
        # holding 统战, withdrawn ones aside.
        own = sorted(
            (
                r
                for r in WorkRecord.objects.filter(unit=self.guanghan_reporter.unit)
                if "统战" in r.title + r.description and r.status != RecordStatus.WITHDRAWN
            ),
            key=lambda r: (r.date, r.pk),
            reverse=True,
        )
        self.assertTrue(own)
        flt = RecordFilter(q="统战")
        for factor in (1, 8):
            with (
                self.subTest(factor=factor),
                mock.patch.object(selectors, "SEARCH_SAMPLE_FACTOR", factor),
            ):
                page = selectors.search_page(self.guanghan_reporter, flt, number=1, size=100)
                self.assertEqual([r.pk for r in page.object_list], [r.pk for r in own])
                totals = selectors.search_totals(self.guanghan_reporter, flt)
                self.assertEqual(totals["records"], len(own))
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get("/ledger/totals/", {"q": "统战"})
        self.assertContains(response, f"共 {len(own)} 条记录")
        self.assertContains(response, f"参与人数合计 {sum(r.participants for r in own)}")

    def test_a_record_moved_to_another_date_moves_in_the_search(self):
        oldest = (
            WorkRecord.objects.filter(title__contains="统战")
            .exclude(status=RecordStatus.WITHDRAWN)
            .order_by("date", "id")
            .first()
        )
        # Any write of the date re-keys the record (the update trigger).
        WorkRecord.objects.filter(pk=oldest.pk).update(date=dt.date(2022, 12, 31))
        page = selectors.search_page(self.city_editor, RecordFilter(q="统战"), number=1, size=3)
        self.assertEqual(page.object_list[0].pk, oldest.pk)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                table = search.FTS_TABLE
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


class SearchKeyTests(LedgerTestCase):
    def test_the_index_key_orders_by_date_then_id_and_gives_the_id_back(self):
        keys = [
            search.record_key(dt.date(2021, 12, 31), 900),
            search.record_key(dt.date(2022, 1, 1), 5),
            search.record_key(dt.date(2022, 1, 1), 6),
            search.record_key(dt.date(2022, 1, 2), 1),
        ]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual([k & search.ID_MASK for k in keys], [900, 5, 6, 1])

    def test_the_database_keys_a_record_as_python_does(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's search index")
        record = self.make_record(title="键值测试", date=dt.date(2019, 7, 8))
        with connection.cursor() as cursor:
            table = search.FTS_TABLE
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", ['"键值"'])
            self.assertEqual(cursor.fetchall(), [(search.record_key(record.date, record.pk),)])
