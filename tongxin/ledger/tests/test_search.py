from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import SimpleTestCase
from django.urls import reverse

from tongxin.ledger import search
from tongxin.ledger.models import WorkRecord
from tongxin.ledger.selectors import RecordFilter, filtered_records
from tongxin.ledger.services import record_update, record_withdraw
from tongxin.ledger.tests.base import LedgerTestCase


class SearchTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.forum_2022 = cls.make_record(
            title="广汉市民营企业家恳谈会",
            description="围绕营商环境听取企业家意见建议，统战部部长出席。",
        )
        cls.training = cls.make_record(title="统战干部培训班", description="为期三天。")
        cls.united = cls.make_record(title="统一战线理论研讨会", description="")
        cls.wechat = cls.make_record(title="WeChat公众号推送", description="阅读量 1200")
        cls.dotted = cls.make_record(title="统战·工作交流", description="")
        cls.dashed = cls.make_record(title="统战-工作交流", description="完成率100%")

    def found(self, query: str) -> set[int]:
        return set(
            search.filter_records(WorkRecord.objects.all(), query).values_list("pk", flat=True)
        )

    def test_a_two_character_term_is_a_substring_match(self):
        self.assertEqual(
            self.found("统战"),
            {self.forum_2022.pk, self.training.pk, self.dotted.pk, self.dashed.pk},
        )

    def test_characters_that_are_not_adjacent_do_not_match(self):
        self.assertNotIn(self.united.pk, self.found("统战"))
        self.assertEqual(self.found("战统"), set())

    def test_a_three_and_a_four_character_term(self):
        self.assertEqual(self.found("恳谈会"), {self.forum_2022.pk})
        self.assertEqual(self.found("民营企业"), {self.forum_2022.pk})
        self.assertEqual(self.found("企业恳谈"), set())

    def test_a_single_character_anywhere_including_the_last(self):
        self.assertEqual(self.found("恳"), {self.forum_2022.pk})
        # 班 ends a title, 席 (then 。) ends a description.
        self.assertEqual(self.found("班"), {self.training.pk})
        self.assertEqual(self.found("席"), {self.forum_2022.pk})

    def test_latin_letters_match_in_any_case(self):
        for query in ("wechat", "WECHAT", "Chat", "t公众"):
            with self.subTest(query=query):
                self.assertEqual(self.found(query), {self.wechat.pk})

    def test_digits_in_the_description(self):
        self.assertEqual(self.found("1200"), {self.wechat.pk})
        self.assertEqual(self.found("120"), {self.wechat.pk})
        self.assertEqual(self.found("2001"), set())

    def test_a_term_found_only_in_the_title_or_only_in_the_description(self):
        self.assertEqual(self.found("培训班"), {self.training.pk})
        self.assertEqual(self.found("营商环境"), {self.forum_2022.pk})

    def test_a_term_does_not_span_title_and_description(self):
        # The title ends 恳谈会, the description starts 围绕.
        self.assertEqual(self.found("会围"), set())

    def test_every_term_must_match(self):
        self.assertEqual(self.found("统战 培训"), {self.training.pk})
        self.assertEqual(self.found("恳谈会 部长"), {self.forum_2022.pk})
        self.assertEqual(self.found("统战 研讨会"), set())

    def test_a_term_that_matches_nothing(self):
        self.assertEqual(self.found("量子计算"), set())

    def test_punctuation_must_match_exactly(self):
        self.assertEqual(self.found("统战-工作"), {self.dashed.pk})
        self.assertEqual(self.found("统战·工作"), {self.dotted.pk})
        self.assertEqual(self.found("100%"), {self.dashed.pk})
        self.assertEqual(self.found("，统战"), {self.forum_2022.pk})

    def test_query_syntax_characters_are_plain_text(self):
        for query in ('"', '统战"', "*", "100_", "NOT", "a OR b", "统战 AND", "(统战)"):
            with self.subTest(query=query):
                self.assertEqual(self.found(query), set())

    def test_an_updated_record_is_found_by_its_new_title_only(self):
        record = self.make_record(title="旧标题座谈会", description="原来的内容")
        record = record_update(
            actor=self.guanghan_reporter,
            record=record,
            expected_version=record.version,
            changes={"title": "新标题联谊会", "description": "改过的内容"},
        )
        self.assertEqual(self.found("联谊会"), {record.pk})
        self.assertEqual(self.found("改过"), {record.pk})
        self.assertEqual(self.found("旧标题"), set())
        self.assertEqual(self.found("原来"), set())

    def test_saving_without_changing_the_text_keeps_the_record_found(self):
        record = self.make_record(title="侨界联谊会")
        record_update(
            actor=self.guanghan_reporter,
            record=record,
            expected_version=record.version,
            changes={"participants": 30},
        )
        self.assertEqual(self.found("侨界"), {record.pk})

    def test_a_deleted_record_leaves_the_index(self):
        record = self.make_record(title="临时测试记录")
        pk = record.pk
        WorkRecord.objects.filter(pk=pk).delete()
        self.assertEqual(self.found("临时测试"), set())

    def test_a_long_description_is_searched_to_its_end(self):
        record = self.make_record(title="长文", description="统一" * 2000 + "结尾词")
        self.assertEqual(self.found("结尾词"), {record.pk})

    def test_withdrawn_records_are_left_to_the_caller(self):
        record_withdraw(actor=self.guanghan_reporter, record=self.training)
        self.assertIn(self.training.pk, self.found("培训班"))
        listed = filtered_records(self.city_editor, RecordFilter(q="培训班"))
        self.assertEqual(list(listed), [])
        withdrawn = filtered_records(self.city_editor, RecordFilter(q="培训班", status="withdrawn"))
        self.assertEqual([r.pk for r in withdrawn], [self.training.pk])

    def test_the_list_page_counts_and_shows_the_matches(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("ledger:record_list"), {"q": "统战"})
        self.assertContains(response, "共 4 条记录")
        self.assertContains(response, "统战干部培训班")
        self.assertNotContains(response, "统一战线理论研讨会")

    def test_a_search_with_more_hits_than_the_limit_says_so_and_leaves_out_the_totals(self):
        self.client.force_login(self.city_editor)
        with mock.patch("tongxin.ledger.selectors.SEARCH_COUNT_LIMIT", 3):
            response = self.client.get(reverse("ledger:record_totals"), {"q": "统战"})
            within = self.client.get(reverse("ledger:record_totals"), {"q": "统战 培训"})
        self.assertContains(response, "超过 3 条记录")
        self.assertNotContains(response, "共 4 条记录")
        self.assertContains(response, 'href="/ledger/?q=%E7%BB%9F%E6%88%98&amp;totals=all"')
        self.assertContains(within, "共 1 条记录")

    def test_the_exact_count_and_totals_are_there_on_request(self):
        for record in (self.training, self.dotted):
            WorkRecord.objects.filter(pk=record.pk).update(participants=30, amount=Decimal("2.5"))
        self.client.force_login(self.city_editor)
        with mock.patch("tongxin.ledger.selectors.SEARCH_COUNT_LIMIT", 3):
            response = self.client.get(
                reverse("ledger:record_list"), {"q": "统战", "totals": "all"}
            )
        self.assertContains(response, "共 4 条记录 · 参与人数合计 60 · 金额合计 5元")

    def test_a_first_page_holding_every_hit_counts_them_itself(self):
        WorkRecord.objects.filter(pk=self.training.pk).update(count=2, participants=40)
        self.client.force_login(self.city_editor)
        with self.assertNumQueries(self.SEARCH_PAGE_QUERIES + self.ONE_PAGE_FALLBACK):
            response = self.client.get(reverse("ledger:record_list"), {"q": "统战"})
        self.assertContains(response, "共 4 条记录 · 数量合计 2 · 参与人数合计 40")
        self.assertNotContains(response, 'hx-trigger="load"')

    # Session, user, the page, inbox count, unit/area/type filters, the idle-timeout
    # session refresh (3): no count of the hits.
    SEARCH_PAGE_QUERIES = 10
    # SQLite: when the sample of the first hits does not fill the page, whether it held
    # every hit (counted up to its size).
    ONE_PAGE_FALLBACK = 1 if connection.vendor == "sqlite" else 0

    def test_the_totals_of_a_search_take_one_query(self):
        self.client.force_login(self.city_editor)
        # session, user, the bounded count, the idle-timeout session refresh (3)
        with self.assertNumQueries(6):
            totals = self.client.get(reverse("ledger:record_totals"), {"q": "统战"})
        self.assertContains(totals, "共 4 条记录")

    def test_a_longer_search_shows_its_page_and_asks_for_its_totals_apart(self):
        self.client.force_login(self.city_editor)
        with mock.patch("tongxin.ledger.views.PAGE_SIZE", 2):
            with self.assertNumQueries(self.SEARCH_PAGE_QUERIES):
                first = self.client.get(reverse("ledger:record_list"), {"q": "统战"})
            second = self.client.get(reverse("ledger:record_list"), {"q": "统战", "page": 2})
        self.assertContains(first, "正在统计条数与合计")
        self.assertContains(
            first, 'hx-get="/ledger/totals/?q=%E7%BB%9F%E6%88%98" hx-trigger="load"'
        )
        self.assertContains(first, "第 1 页")
        self.assertContains(first, 'href="?q=%E7%BB%9F%E6%88%98&page=2"')
        self.assertNotContains(first, "上一页")
        shown = [self.dashed, self.dotted, self.training, self.forum_2022]
        for response, records in ((first, shown[:2]), (second, shown[2:])):
            self.assertEqual(list(response.context["page"].object_list), records)
        self.assertContains(second, "上一页")
        self.assertNotContains(second, "下一页")
        self.assertContains(second, "正在统计条数与合计")

    def test_search_combines_with_the_unit_and_year_filters(self):
        other = self.make_record(by=self.shifang_reporter, title="什邡市统战干部培训")
        flt = RecordFilter(q="统战 培训", unit_id=self.shifang.pk, year=2022)
        self.assertEqual([r.pk for r in filtered_records(self.city_editor, flt)], [other.pk])
        flt = RecordFilter(q="统战 培训", unit_id=self.shifang.pk, year=2021)
        self.assertEqual(list(filtered_records(self.city_editor, flt)), [])


class SqliteIndexTests(LedgerTestCase):
    """The FTS5 index agrees with the records after writes, and is repaired when a table
    remake has dropped its triggers."""

    def setUp(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's FTS5 index")

    def integrity_check(self):
        with connection.cursor() as cursor:
            table = search.FTS_TABLE
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")

    def test_the_index_matches_the_records_after_inserts_updates_and_deletes(self):
        first = self.make_record(title="第一条统战记录", description="内容甲")
        second = self.make_record(title="第二条", description="内容乙")
        record_update(
            actor=self.guanghan_reporter,
            record=first,
            expected_version=first.version,
            changes={"title": "第一条（改）"},
        )
        WorkRecord.objects.filter(pk=second.pk).delete()
        self.integrity_check()

    def test_missing_triggers_are_recreated_and_the_index_rebuilt(self):
        with connection.cursor() as cursor:
            for name in search.TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        record = self.make_record(title="无触发器时写入")
        self.assertTrue(search.ensure_index(connection))
        self.assertFalse(search.ensure_index(connection))
        found = search.filter_records(WorkRecord.objects.all(), "触发器")
        self.assertEqual(list(found), [record])
        self.integrity_check()


# Texts where a hand-made tsvector could go wrong: quoting, case, whitespace, characters
# outside the BMP, a bigram repeated past tsvector's 256 positions a lexeme, positions
# past 16,383, and an empty description.
TRICKY_TEXTS = [
    ("广汉市民营企业家恳谈会", "围绕营商环境听取企业家意见建议。"),
    ("WeChat公众号推送", "阅读量 1200，完成率100%"),
    ("O'Brien 的 C:\\路径\\", "引号 ' 与反斜杠 \\ 并存"),
    ("换行\n与\t制表", "  前后空格  "),
    ("表情😀符号", "café ß naïve"),
    ("重复", "ab" * 300),
    ("长文", "统战" * 9000),
    ("只有标题", ""),
]


class PostgresPreparedGramsTests(LedgerTestCase):
    """Imports COPY the search column computed in Python; it must be exactly what the
    database's own function gives, and the trigger fills it when left empty."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's search column")

    def database_grams(self, title: str, description: str):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (ledger_search_grams(%s) || ledger_search_grams(%s))::text",
                [title, description],
            )
            return cursor.fetchone()[0]

    def test_python_grams_equal_the_databases(self):
        for title, description in TRICKY_TEXTS:
            with self.subTest(title=title):
                prepared = search.prepared_search_grams(title, description)
                self.assertNotEqual(prepared, "")
                with connection.cursor() as cursor:
                    cursor.execute("SELECT %s::tsvector::text", [prepared])
                    self.assertEqual(cursor.fetchone()[0], self.database_grams(title, description))

    def test_text_whose_case_folds_differently_is_left_to_the_trigger(self):
        self.assertEqual(search.prepared_search_grams("İSTANBUL 会谈", ""), "")
        self.assertEqual(search.prepared_search_grams("统战", "ÉCOLE"), "")
        record = self.make_record(title="İSTANBUL 会谈", description="ÉCOLE")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_grams::text FROM ledger_workrecord WHERE id = %s", [record.pk]
            )
            self.assertEqual(cursor.fetchone()[0], self.database_grams(record.title, "ÉCOLE"))


class QueryBuildingTests(SimpleTestCase):
    def test_a_term_becomes_the_phrase_of_its_bigrams(self):
        self.assertEqual(search._fts_phrase("民营企业"), '"民营 营企 企业"')
        self.assertEqual(search._fts_phrase("统"), '"统"*')
        self.assertEqual(search._fts_phrase('a"b'), '"a"" ""b"')
        self.assertIsNone(search._fts_phrase("——"))


class BenchTests(SimpleTestCase):
    """A tiny run of `tongxin bench ledger` on its own fresh database: every figure is
    there with the right type (timings are not asserted)."""

    def test_a_small_run_reports_every_figure(self):
        from tongxin.ops.bench.ledger import SEARCHES, run_bench

        result = run_bench(records=300, import_rows=200, export_rows=100, renders=1)
        for key in ("n", "insert_per_s", "list_count", "export_rows", "import_rows", "cores"):
            self.assertIsInstance(result[key], int, key)
        for key in ("list_ms", "search_ms", "import_50k_s", "export_rows_per_s", "wall_s"):
            self.assertIsInstance(result[key], int | float, key)
        self.assertEqual(result["n"], 300)
        self.assertEqual(result["vendor"], connection.vendor)
        self.assertEqual(result["import_rows"], 200)
        self.assertEqual(set(result["search"]), set(SEARCHES))
        for figures in result["search"].values():
            self.assertGreaterEqual(figures["count"], 0)
        self.assertEqual(result["search"]["量子计算"]["count"], 0)
        self.assertGreater(result["search"]["统战"]["count"], 0)
        # 统战's hits (a third of 300) fill more than a page: it asks for its count apart.
        tongzhan = result["search"]["统战"]
        self.assertEqual(tongzhan["page_count"], "pending")
        self.assertIsInstance(tongzhan["totals_ms"], int | float)
        self.assertIsInstance(result["search_totals_ms"], int | float)
        self.assertIsNone(result["search"]["量子计算"]["totals_ms"])
        self.assertEqual(result["notes"], [])
