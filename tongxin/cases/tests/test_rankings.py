import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tongxin.audit.models import AuditEvent
from tongxin.cases import selectors
from tongxin.cases.models import Ranking, RankingResult, RankingState
from tongxin.cases.services.rankings import (
    ranking_create,
    ranking_criterion_add,
    ranking_publish,
    ranking_reopen,
    ranking_review,
    ranking_values_set,
)
from tongxin.cases.tests.base import CasesTestCase, make_enterprise


class EvaluationTestCase(CasesTestCase):
    def setUp(self):
        self.evaluation = ranking_create(
            actor=self.city_editor, name="德阳非公企业50强", year=2022, unit=self.city, size=2
        )
        self.revenue = ranking_criterion_add(
            actor=self.city_editor,
            evaluation=self.evaluation,
            name="营业收入",
            weight=Decimal("0.6"),
        )
        self.tax = ranking_criterion_add(
            actor=self.city_editor, evaluation=self.evaluation, name="纳税额", weight=Decimal("0.4")
        )
        self.a = make_enterprise(self, name="甲公司")
        self.b = make_enterprise(self, name="乙公司")
        self.c = make_enterprise(self, name="丙公司")
        for enterprise, revenue, tax in ((self.a, 100, 0), (self.b, 50, 10), (self.c, 0, 10)):
            ranking_values_set(
                actor=self.city_editor,
                evaluation=self.evaluation,
                enterprise=enterprise,
                values={self.revenue: Decimal(revenue), self.tax: Decimal(tax)},
            )


class EvaluationServiceTests(EvaluationTestCase):
    def test_the_ranking_keeps_the_top_places(self):
        ranking = selectors.ranking_rows(self.evaluation)
        self.assertEqual([(s.entrant, s.rank) for s in ranking], [(self.b, 1), (self.a, 2)])

    def test_review_then_publish_freezes_the_results(self):
        ranking_review(actor=self.city_editor, evaluation=self.evaluation)
        with self.assertRaises(PermissionDenied):
            ranking_publish(actor=self.city_editor, evaluation=self.evaluation)
        evaluation = ranking_publish(actor=self.leader, evaluation=self.evaluation)
        self.assertEqual(evaluation.state, RankingState.PUBLISHED)
        results = list(RankingResult.objects.filter(evaluation=evaluation))
        self.assertEqual(
            [(r.enterprise, r.rank, r.score) for r in results],
            [
                (self.b, 1, Decimal("70.00")),
                (self.a, 2, Decimal("60.00")),
            ],
        )
        self.assertTrue(AuditEvent.objects.filter(action="evaluation.publish").exists())
        for attempt in (
            lambda: ranking_values_set(
                actor=self.city_editor,
                evaluation=evaluation,
                enterprise=self.c,
                values={self.revenue: Decimal(1000)},
            ),
            lambda: ranking_criterion_add(
                actor=self.city_editor, evaluation=evaluation, name="就业", weight=Decimal(1)
            ),
            lambda: ranking_reopen(actor=self.leader, evaluation=evaluation),
        ):
            with self.assertRaises(ValidationError):
                attempt()
        # The frozen ranking is what is read back.
        self.assertEqual([s.entrant for s in selectors.ranking_rows(evaluation)], [self.b, self.a])

    def test_a_reviewed_evaluation_is_reopened_before_changes(self):
        ranking_review(actor=self.city_editor, evaluation=self.evaluation)
        with self.assertRaises(ValidationError):
            ranking_values_set(
                actor=self.city_editor,
                evaluation=self.evaluation,
                enterprise=self.c,
                values={self.revenue: Decimal(1000)},
            )
        ranking_reopen(actor=self.city_editor, evaluation=self.evaluation)
        ranking_values_set(
            actor=self.city_editor,
            evaluation=self.evaluation,
            enterprise=self.c,
            values={self.revenue: Decimal(1000)},
        )
        self.assertEqual(selectors.ranking_rows(self.evaluation)[0].entrant, self.c)

    def test_an_empty_evaluation_cannot_be_reviewed(self):
        empty = ranking_create(actor=self.city_editor, name="空评选", year=2022, unit=self.city)
        with self.assertRaises(ValidationError):
            ranking_review(actor=self.city_editor, evaluation=empty)

    def test_names_are_unique_per_year_and_only_editors_create(self):
        with self.assertRaises(ValidationError):
            ranking_create(
                actor=self.city_editor, name="德阳非公企业50强", year=2022, unit=self.city
            )
        with self.assertRaises(PermissionDenied):
            ranking_create(actor=self.leader, name="新", year=2023, unit=self.city)


class EvaluationPageTests(EvaluationTestCase):
    def test_editors_review_and_a_leader_publishes_in_the_pages(self):
        url = reverse("cases:evaluation_action", args=[self.evaluation.pk])
        self.client.force_login(self.city_editor)
        self.client.post(url, {"action": "review"})
        self.client.post(url, {"action": "publish"})
        self.evaluation.refresh_from_db()
        self.assertEqual(self.evaluation.state, RankingState.REVIEWED)
        self.client.force_login(self.leader)
        response = self.client.get(reverse("cases:evaluation_detail", args=[self.evaluation.pk]))
        self.assertContains(response, "data-confirm=")
        self.client.post(url, {"action": "publish"})
        self.evaluation.refresh_from_db()
        self.assertEqual(self.evaluation.state, RankingState.PUBLISHED)
        response = self.client.get(reverse("cases:evaluation_detail", args=[self.evaluation.pk]))
        self.assertContains(response, "结果已冻结")

    def test_an_editor_adds_a_criterion_and_values_in_the_page(self):
        edit = reverse("cases:evaluation_edit", args=[self.evaluation.pk])
        self.client.force_login(self.city_editor)
        self.client.post(
            edit,
            {"part": "criterion", "name": "就业人数", "weight": "0.2", "higher_is_better": "1"},
        )
        criterion = self.evaluation.criteria.get(name="就业人数")
        self.client.post(
            edit, {"part": "values", "enterprise": self.c.pk, f"c{criterion.pk}": "300"}
        )
        self.assertEqual(criterion.values.get(enterprise=self.c).value, Decimal(300))

    def test_exports_hold_the_ranking(self):
        self.client.force_login(self.leader)
        response = self.client.get(
            reverse("cases:evaluation_export", args=[self.evaluation.pk, "xlsx"])
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A1"].value, "2022年德阳非公企业50强")
        self.assertEqual([c.value for c in sheet[3]][:4], [1, "乙公司", self.b.credit_code, 70])
        response = self.client.get(
            reverse("cases:evaluation_export", args=[self.evaluation.pk, "docx"])
        )
        document = Document(io.BytesIO(response.content))
        self.assertEqual(document.tables[0].rows[1].cells[1].text, "乙公司")
        response = self.client.get(
            reverse("cases:evaluation_export", args=[self.evaluation.pk, "pdf"])
        )
        self.assertEqual(response.status_code, 404)

    def test_reporters_do_not_see_the_departments_evaluations(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:evaluation_detail", args=[self.evaluation.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get(reverse("cases:evaluation_list")), "50强")
        self.assertEqual(Ranking.objects.count(), 1)
