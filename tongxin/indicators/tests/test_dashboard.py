import io
import json
from decimal import Decimal
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tongxin.indicators.models import Target
from tongxin.indicators.services import manual_value_set
from tongxin.indicators.tests.base import IndicatorTestCase
from tongxin.indicators.views import PAGE_SIZE


class DashboardTests(IndicatorTestCase):
    def test_values_targets_and_status_are_shown(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertContains(response, 'data-testid="value-forums">4<')
        self.assertContains(response, "目标 5")
        self.assertContains(response, "进度滞后 · 80.0%")
        self.assertContains(response, "恳谈会场次五年走势")  # the trend chart's title
        self.assertContains(response, "各区县对比")

    def test_a_lower_is_better_rank_reads_right(self):
        manual_value_set(
            actor=self.leader, indicator=self.rank, unit=self.city, year=2022, value=Decimal(4)
        )
        self.client.force_login(self.leader)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertContains(response, 'data-testid="value-rank">4<')
        self.assertContains(response, "进度正常 · 越低越好")  # 4th: inside 保五, not yet 奔三

    def test_a_reporter_sees_their_own_unit_only(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertContains(response, "指标看板 · 广汉市")
        self.assertContains(response, 'data-testid="value-forums">2<')
        self.assertNotContains(response, "各区县对比")
        self.assertNotContains(response, "什邡市")
        other = self.client.get(reverse("indicators:dashboard"), {"unit": self.shifang.pk})
        self.assertEqual(other.status_code, 404)

    def test_the_dashboard_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.city_editor)
        url = reverse("indicators:dashboard")
        cache.clear()
        # session, user, top unit, indicators, counties, definitions (3 link tables),
        # unit tree, the years' data tokens, the manual values of all five years (11);
        # for each of the 5 trend years (the chosen one also serves the counties): the
        # base pass, the link pass (10); targets, the provincial ranking's tiers
        # (assessment), the unit selector, the inbox count (4); the idle-timeout
        # session refresh after the login (savepoint, update, release: 3)
        with self.assertNumQueries(28):
            self.client.get(url, {"period": "2022-Y"})
        # The passes of the years with approved records (2021, 2022) now come from the
        # cache (a year that never had one has no token and is asked again: nothing to
        # read), and the session is not saved again within the minute...
        with self.assertNumQueries(21):
            self.client.get(url, {"period": "2022-Y"})
        # ...until a year's approved records change: only that year is counted again,
        # and more records change nothing else.
        for i in range(5):
            self.make_record(title=f"又一场{i}", count=1, participants=5, approve=True)
        with self.assertNumQueries(23):
            response = self.client.get(url, {"period": "2022-Y"})
        self.assertContains(response, 'data-testid="value-forums">9<')


class DrilldownTests(IndicatorTestCase):
    def test_the_list_behind_a_value_has_exactly_that_many_records(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(
            reverse("indicators:drilldown", args=["forums", self.city.pk]), {"period": "2022-Y"}
        )
        self.assertContains(response, "恳谈会场次：4场")
        self.assertContains(response, "共 4 条记录")
        self.assertNotContains(response, "广汉未审核的恳谈会")

    def test_a_sum_shows_its_total(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(
            reverse("indicators:drilldown", args=["credit", self.city.pk]), {"period": "2022-Y"}
        )
        # In the house style, as the review prints it (issue 19).
        self.assertContains(response, "授信签约金额：15亿元")
        self.assertContains(response, "金额合计 15亿元")

    def test_a_long_list_pages_through_every_record_it_counts(self):
        for i in range(PAGE_SIZE):
            self.make_record(title=f"又一场恳谈会{i}", count=1, approve=True)
        self.client.force_login(self.city_editor)
        url = reverse("indicators:drilldown", args=["forums", self.city.pk])
        first = self.client.get(url, {"period": "2022-Y"})
        self.assertContains(first, f"共 {PAGE_SIZE + 4} 条记录")
        self.assertContains(first, "第 1 / 2 页")
        second = self.client.get(url, {"period": "2022-Y", "page": 2})
        self.assertContains(second, "第 2 / 2 页")
        self.assertEqual(len(second.context["page"].object_list), 4)


class TargetPageTests(IndicatorTestCase):
    def test_an_editor_sets_a_target_and_starts_a_new_year(self):
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("indicators:target_save"),
            {
                "indicator": "credit",
                "unit": self.city.pk,
                "year": 2022,
                "value": "6000000000",
            },
        )
        self.assertEqual(Target.objects.get(indicator=self.credit_sum).value, 6000000000)
        self.client.post(reverse("indicators:year_start"), {"year": 2023})
        self.assertEqual(
            Target.objects.filter(year=2023).count(), Target.objects.filter(year=2022).count()
        )

    def test_starting_a_year_twice_copies_nothing_more(self):
        self.client.force_login(self.city_editor)
        self.client.post(reverse("indicators:year_start"), {"year": 2023})
        response = self.client.post(reverse("indicators:year_start"), {"year": 2023}, follow=True)
        self.assertContains(response, "2023年已有目标值")

    def test_a_reporter_cannot_edit_targets(self):
        self.client.force_login(self.guanghan_reporter)
        self.assertEqual(self.client.get(reverse("indicators:targets")).status_code, 403)


class ExportTests(IndicatorTestCase):
    def test_the_indicator_table_exports_to_xlsx(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:export"), {"period": "2022-Y"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
        header = [c.value for c in sheet[2]]
        city_col = header.index("德阳市委统战部 完成值")
        self.assertEqual(rows["forums"][city_col], 4)
        self.assertEqual(rows["forums"][city_col + 1], 5)


class IndicatorsCommandTests(IndicatorTestCase):
    def test_it_prints_code_name_unit_value_and_target(self):
        out = StringIO()
        call_command("indicators", "2022", "--json", stdout=out)
        rows = {r["code"]: r for r in json.loads(out.getvalue())}
        self.assertEqual(
            rows["forums"],
            {"code": "forums", "name": "恳谈会场次", "unit": "场", "value": 4, "target": 5},
        )
        self.assertEqual(rows["credit"]["value"], 1500000000)

    def test_unit_code_selects_the_unit(self):
        out = StringIO()
        call_command("indicators", "2022", "--unit", "510681", "--json", stdout=out)
        rows = {r["code"]: r for r in json.loads(out.getvalue())}
        self.assertEqual(rows["forums"]["value"], 2)
