"""The department's provincial standing: a year's tier, tier aimed for and slogan
beside the rank (a manual, lower-is-better indicator with a target and a floor)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tongxin.assessment.models import ProvincialStanding
from tongxin.assessment.selectors import standing as standings
from tongxin.assessment.services.standing import (
    NOT_A_RANKING,
    NOTHING_TO_SAVE,
    provincial_standing_set,
)
from tongxin.audit.models import AuditEvent
from tongxin.indicators.services import manual_value_set
from tongxin.indicators.tests.base import IndicatorTestCase


class StandingTestCase(IndicatorTestCase):
    """The rank: 6th in 2021, 4th in 2022 (target 3rd, floor 5th, from the base)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for year, value in ((2021, 6), (2022, 4)):
            manual_value_set(
                actor=None, indicator=cls.rank, unit=cls.city, year=year, value=Decimal(value)
            )

    def set(self, **kwargs):
        defaults = {"actor": self.city_editor, "indicator": self.rank, "unit": self.city}
        return provincial_standing_set(**{**defaults, **kwargs})


class SloganTests(StandingTestCase):
    def test_a_slogan_reads_as_the_ranks_it_names(self):
        self.assertEqual(standings.slogan_ranks("保五奔三"), (5, 3))
        self.assertEqual(standings.slogan_ranks("保第十二名争第十名"), (12, 10))
        self.assertEqual(standings.slogan_ranks("保二十一冲二十"), (21, 20))
        self.assertEqual(standings.slogan_ranks("保5奔3"), (5, 3))
        self.assertIsNone(standings.slogan_ranks("稳居第一方阵"))
        self.assertEqual(
            [standings.numeral(n) for n in (3, 10, 12, 20, 21)],
            ["三", "十", "十二", "二十", "二十一"],
        )

    def test_the_slogan_a_target_says(self):
        target = standings.standing_year_target(self.rank, self.city, 2022)
        self.assertEqual(standings.standing_slogan(target), "保五奔三")
        self.assertEqual(standings.standing_slogan(None), "")


class StandingServiceTests(StandingTestCase):
    def test_an_editor_sets_a_years_tier_and_then_changes_it(self):
        standing = self.set(year=2022, tier="第二方阵", target_tier="第一方阵", slogan="保五奔三")
        self.assertEqual((standing.tier, standing.updated_by), ("第二方阵", self.city_editor))
        again = self.set(year=2022, tier=" 第一方阵 ", target_tier="第一方阵", slogan="保五奔三")
        self.assertEqual(again.pk, standing.pk)
        self.assertEqual(ProvincialStanding.objects.get().tier, "第一方阵")
        events = AuditEvent.objects.filter(action="assessment.standing_set").order_by("id")
        self.assertEqual(events.count(), 2)
        self.assertIsNone(events[0].before)
        self.assertEqual(
            (events[1].before["tier"], events[1].after["tier"]), ("第二方阵", "第一方阵")
        )

    def test_only_the_departments_editors_may_set_it(self):
        for user in (self.leader, self.guanghan_reporter):
            with self.subTest(user.role), self.assertRaises(PermissionDenied):
                self.set(actor=user, year=2022, tier="第一方阵")
        self.assertFalse(ProvincialStanding.objects.exists())

    def test_it_belongs_to_a_ranking(self):
        with self.assertRaises(ValidationError) as caught:
            self.set(indicator=self.forums, year=2022, tier="第一方阵")
        self.assertEqual(caught.exception.message_dict["indicator"], [NOT_A_RANKING])

    def test_something_must_be_said(self):
        with self.assertRaises(ValidationError) as caught:
            self.set(year=2022, tier=" ", note="只有说明")
        self.assertEqual(caught.exception.messages, [NOTHING_TO_SAVE])

    def test_a_slogan_naming_ranks_must_agree_with_the_target(self):
        with self.assertRaises(ValidationError) as caught:
            self.set(year=2022, slogan="保三争一")
        self.assertIn("与2022年的目标值（目标第3名、底线第5名）不一致", str(caught.exception))
        # Without a target for the year, or in other words, any wording goes.
        self.set(year=2023, slogan="保三争一")
        self.set(year=2022, slogan="稳居第一方阵")
        self.assertEqual(ProvincialStanding.objects.count(), 2)


class StandingPageTests(StandingTestCase):
    url = reverse("assessment:standing")

    def test_the_history_shows_ranks_targets_and_tiers(self):
        self.set(year=2021, tier="第二方阵", target_tier="第一方阵", slogan="争先进位")
        self.set(year=2022, tier="第一方阵", target_tier="第一方阵", slogan="保五奔三")
        self.client.force_login(self.leader)
        page = self.client.get(self.url)
        self.assertContains(page, 'data-testid="standing-history"')
        rows = page.content.decode().split('<tr data-year="')[1:]
        self.assertEqual([r[:4] for r in rows], ["2022", "2021"])
        self.assertIn("第一方阵", rows[0])
        self.assertIn("进度正常", rows[0])  # 4th: inside 保五, not yet 奔三
        self.assertIn("第二方阵", rows[1])
        self.assertIn("争先进位", rows[1])
        self.assertContains(page, "全省考核排名历年名次")  # the chart's title
        self.assertNotContains(page, 'data-testid="standing-form"')  # a leader reads

    def test_an_editor_saves_a_years_tier(self):
        self.client.force_login(self.city_editor)
        page = self.client.get(self.url, {"year": 2022})
        self.assertContains(page, 'data-testid="standing-form"')
        self.assertContains(page, 'value="保五奔三"')  # offered from the year's target
        response = self.client.post(
            self.url,
            {
                "year": 2022,
                "indicator": self.rank.pk,
                "tier": "第一方阵",
                "target_tier": "第一方阵",
                "slogan": "保五奔三",
                "note": "省委目标办通报",
            },
        )
        self.assertRedirects(response, f"{self.url}?year=2022")
        standing = ProvincialStanding.objects.get()
        self.assertEqual(
            (standing.unit, standing.tier, standing.note), (self.city, "第一方阵", "省委目标办通报")
        )
        page = self.client.get(self.url, {"year": 2022})
        self.assertContains(page, 'value="省委目标办通报"')

    def test_the_form_says_what_is_wrong_and_saves_nothing(self):
        self.client.force_login(self.city_editor)
        data = {"year": 2022, "indicator": self.rank.pk, "tier": "", "slogan": ""}
        self.assertContains(self.client.post(self.url, data), NOTHING_TO_SAVE)
        page = self.client.post(self.url, {**data, "slogan": "保三奔一"})
        self.assertContains(page, "与2022年的目标值（目标第3名、底线第5名）不一致")
        page = self.client.post(self.url, {**data, "indicator": self.forums.pk, "tier": "第一方阵"})
        self.assertContains(page, "选择一个有效的选项")
        page = self.client.post(self.url, {**data, "year": 1999, "tier": "第一方阵"})
        self.assertContains(page, "2000")
        page = self.client.post(self.url, {**data, "tier": "第" * 21})
        self.assertContains(page, "20")
        self.assertFalse(ProvincialStanding.objects.exists())

    def test_leaders_read_reporters_and_administrators_are_refused(self):
        self.client.force_login(self.leader)
        data = {"year": 2022, "indicator": self.rank.pk, "tier": "第一方阵"}
        self.assertEqual(self.client.post(self.url, data).status_code, 403)
        for user in (self.guanghan_reporter, self.sysadmin, self.auditor):
            self.client.force_login(user)
            with self.subTest(user.role):
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, data).status_code, 403)
        self.assertFalse(ProvincialStanding.objects.exists())

    def test_the_scheme_list_links_to_it_for_the_department(self):
        self.client.force_login(self.leader)
        self.assertContains(self.client.get(reverse("assessment:scheme_list")), self.url)
        self.client.force_login(self.guanghan_reporter)
        self.assertNotContains(self.client.get(reverse("assessment:scheme_list")), self.url)


class DashboardStandingTests(StandingTestCase):
    def test_the_ranking_card_shows_the_years_tier_and_the_tier_history(self):
        self.set(year=2021, tier="第二方阵", target_tier="第一方阵")
        self.set(year=2022, tier="第一方阵", target_tier="第一方阵", slogan="保五奔三")
        self.client.force_login(self.leader)
        page = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        card = page.content.decode().split('data-code="rank"')[1].split("</article>")[0]
        self.assertIn('data-testid="standing-rank"', card)
        self.assertIn("2022年：第一方阵", card)
        self.assertIn("保五奔三", card)
        self.assertIn("2021 第二方阵 · 2022 第一方阵", card)
        # Another year's dashboard shows that year's standing, or none.
        page = self.client.get(reverse("indicators:dashboard"), {"period": "2021-Y"})
        self.assertContains(page, "2021年：第二方阵")
        self.assertNotContains(page, "2022 第一方阵")

    def test_a_countys_dashboard_shows_no_departments_standing(self):
        self.set(year=2022, tier="第一方阵")
        self.client.force_login(self.guanghan_reporter)
        page = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertNotContains(page, 'data-testid="standing-rank"')
