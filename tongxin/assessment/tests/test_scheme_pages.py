from decimal import Decimal

from django.urls import reverse

from tongxin.assessment.models import ManualScore, Scheme, SchemeStatus
from tongxin.assessment.services import schemes as scheme_services
from tongxin.assessment.tests.base import AssessmentTestCase


class SchemePageTests(AssessmentTestCase):
    def detail(self):
        return reverse("assessment:scheme_detail", args=[self.scheme.pk])

    def test_the_three_administrators_get_403(self):
        for user in (self.sysadmin, self.secadmin, self.auditor):
            self.client.force_login(user)
            for url in (reverse("assessment:scheme_list"), self.detail()):
                with self.subTest(user.role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_list_shows_the_schemes_a_user_may_see(self):
        for user in (self.city_editor, self.leader, self.guanghan_reporter):
            self.client.force_login(user)
            with self.subTest(user.role):
                self.assertContains(
                    self.client.get(reverse("assessment:scheme_list")), "区县统战工作目标考核"
                )

    def test_the_detail_shows_the_ranking_and_each_units_breakdown(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.detail())
        self.assertContains(response, 'data-testid="ranking"')
        self.assertContains(response, "创新做法获省级推广")
        self.assertContains(response, "60.00", count=6)  # ranking, breakdown heading and footer
        self.assertNotContains(response, 'data-testid="publish"')

    def test_a_reporter_sees_only_their_own_units_scores(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(self.detail())
        self.assertContains(response, "工作扎实")
        self.assertNotContains(response, "成效突出")
        self.assertNotContains(response, f'data-testid="breakdown-{self.shifang.pk}"')
        self.assertContains(response, f'data-testid="breakdown-{self.guanghan_town.pk}"')

    def test_the_detail_page_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.city_editor)
        self.client.get(self.detail())
        with self.assertNumQueries(17):
            self.client.get(self.detail())
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        with self.assertNumQueries(9):
            self.client.get(self.detail())

    def test_an_editor_creates_a_scheme_and_adds_an_item(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("assessment:scheme_create"),
            {"year": 2023, "name": "成员单位考核", "units": [self.guanghan.pk, self.shifang.pk]},
        )
        scheme = Scheme.objects.get(name="成员单位考核")
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[scheme.pk]))
        response = self.client.post(
            reverse("assessment:item_add", args=[scheme.pk]),
            {
                "name": "恳谈会",
                "kind": "indicator",
                "max_score": "10",
                "weight": "1",
                "indicator": self.forums.pk,
                "method": "linear",
                "target": "",
            },
        )
        self.assertContains(response, scheme_services.TARGET_REQUIRED)
        self.assertFalse(scheme.items.exists())

    def test_only_editors_reach_the_edit_pages(self):
        self.client.force_login(self.leader)
        for url in (
            reverse("assessment:scheme_create"),
            reverse("assessment:item_add", args=[self.scheme.pk]),
            reverse("assessment:item_scores", args=[self.manual_item.pk]),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(reverse("assessment:scheme_publish", args=[self.scheme.pk]))
        self.assertEqual(response.status_code, 403)

    def test_an_editor_enters_a_score_with_evidence_from_the_ledger(self):
        record = self.make_record(title="广汉创新做法", approve=True)
        self.client.force_login(self.city_editor)
        url = reverse("assessment:item_scores", args=[self.bonus_item.pk])
        response = self.client.post(
            url, {"unit": self.guanghan.pk, "score": "4", "comment": "创新", "evidence_record": ""}
        )
        self.assertContains(response, scheme_services.EVIDENCE_REQUIRED)
        response = self.client.post(
            url,
            {
                "unit": self.guanghan.pk,
                "score": "4",
                "comment": "创新",
                "evidence_record": record.pk,
            },
        )
        self.assertRedirects(response, url)
        entry = ManualScore.objects.get(item=self.bonus_item, unit=self.guanghan)
        self.assertEqual((entry.score, entry.evidence_record), (Decimal(4), record))

    def test_evidence_must_be_an_approved_record_of_the_unit(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("assessment:item_scores", args=[self.bonus_item.pk]),
            {"unit": self.guanghan.pk, "score": "4", "evidence_record": self.shifang_forum.pk},
        )
        self.assertContains(response, "找不到该佐证记录")

    def test_publishing_asks_for_confirmation_and_freezes_the_page(self):
        self.client.force_login(self.city_editor)
        self.assertContains(self.client.get(self.detail()), "data-confirm=")
        response = self.client.post(reverse("assessment:scheme_publish", args=[self.scheme.pk]))
        self.assertRedirects(response, self.detail())
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.status, SchemeStatus.PUBLISHED)
        page = self.client.get(self.detail())
        self.assertContains(page, "考核结果已发布，方案已冻结。")
        self.assertNotContains(page, 'data-testid="publish"')
        response = self.client.post(
            reverse("assessment:item_scores", args=[self.manual_item.pk]),
            {"unit": self.guanghan.pk, "score": "1", "comment": "改分"},
            follow=True,
        )
        self.assertContains(response, scheme_services.SCHEME_FROZEN)

    def test_next_years_copy_compares_with_last_year(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        self.client.force_login(self.city_editor)
        response = self.client.post(reverse("assessment:scheme_copy", args=[self.scheme.pk]))
        copy = Scheme.objects.get(year=2023)
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[copy.pk]))
        page = self.client.get(reverse("assessment:scheme_detail", args=[copy.pk]))
        self.assertContains(page, "上年名次")
        self.assertContains(page, str(self.scheme))
