from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongxin.assessment.models import EvaluationTally, EvaluationToken, ManualScore
from tongxin.assessment.services import evaluation as ev
from tongxin.assessment.tests.base import AssessmentTestCase
from tongxin.audit.models import AuditEvent


class EvaluationTestCase(AssessmentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.evaluation = ev.evaluation_create(
            actor=cls.city_editor,
            scheme=cls.scheme,
            item=cls.manual_item,
            title="2022年度述职民主测评",
            token_count=3,
        )

    def tokens(self):
        return list(self.evaluation.tokens.values_list("token", flat=True))

    def grades(self, guanghan, shifang, town="good"):
        return {self.guanghan.pk: guanghan, self.shifang.pk: shifang, self.guanghan_town.pk: town}

    def tally(self, unit, grade):
        return EvaluationTally.objects.get(evaluation=self.evaluation, unit=unit, grade=grade).votes


class EvaluationTests(EvaluationTestCase):
    def test_tokens_are_long_random_and_distinct(self):
        tokens = self.tokens()
        self.assertEqual(len(set(tokens)), 3)
        self.assertTrue(all(len(t) >= 20 for t in tokens))

    def test_a_vote_marks_the_token_used_and_adds_to_the_tallies(self):
        token = self.tokens()[0]
        ev.evaluation_vote(token=token, grades=self.grades("good", "fair"))
        self.assertTrue(EvaluationToken.objects.get(token=token).used)
        self.assertEqual(self.tally(self.guanghan, "good"), 1)
        self.assertEqual(self.tally(self.shifang, "fair"), 1)
        self.assertEqual(self.tally(self.shifang, "good"), 0)

    def test_a_used_token_cannot_vote_again(self):
        token = self.tokens()[0]
        ev.evaluation_vote(token=token, grades=self.grades("good", "fair"))
        with self.assertRaisesMessage(ValidationError, str(ev.TOKEN_USED)):
            ev.evaluation_vote(token=token, grades=self.grades("poor", "poor"))
        self.assertEqual(self.tally(self.guanghan, "poor"), 0)

    def test_every_unit_must_be_rated(self):
        with self.assertRaisesMessage(ValidationError, str(ev.ALL_UNITS_REQUIRED)):
            ev.evaluation_vote(token=self.tokens()[0], grades={self.guanghan.pk: "good"})
        self.assertFalse(EvaluationToken.objects.filter(used=True).exists())

    def test_nothing_stored_ties_a_vote_to_its_token(self):
        ev.evaluation_vote(token=self.tokens()[0], grades=self.grades("good", "poor"))
        tally_fields = {f.name for f in EvaluationTally._meta.get_fields()}
        self.assertEqual(tally_fields, {"id", "evaluation", "unit", "grade", "votes"})
        token_fields = {f.name for f in EvaluationToken._meta.get_fields()}
        self.assertEqual(token_fields, {"id", "evaluation", "token", "used"})
        event = AuditEvent.objects.get(action="assessment.evaluation_vote")
        self.assertIsNone(event.after)
        self.assertNotIn(self.tokens()[0], str(event.__dict__))

    def test_closing_enters_the_result_as_the_manual_items_scores(self):
        tokens = self.tokens()
        ev.evaluation_vote(token=tokens[0], grades=self.grades("good", "fair"))
        ev.evaluation_vote(token=tokens[1], grades=self.grades("fair_good", "fair"))
        ev.evaluation_close(actor=self.city_editor, evaluation=self.evaluation)
        # 广汉市: (100 + 80) / 2 = 90% of 30; 什邡市: 60% of 30.
        scores = dict(
            ManualScore.objects.filter(item=self.manual_item).values_list("unit_id", "score")
        )
        self.assertEqual(scores[self.guanghan.pk], Decimal("27.00"))
        self.assertEqual(scores[self.shifang.pk], Decimal("18.00"))
        with self.assertRaisesMessage(ValidationError, str(ev.EVALUATION_CLOSED)):
            ev.evaluation_vote(token=tokens[2], grades=self.grades("good", "good"))

    def test_the_item_must_be_a_manual_item_of_the_scheme(self):
        with self.assertRaises(ValidationError):
            ev.evaluation_create(
                actor=self.city_editor,
                scheme=self.scheme,
                item=self.forum_item,
                title="x",
                token_count=1,
            )


class RatingPageTests(EvaluationTestCase):
    def rate_url(self, token):
        return reverse("assessment:rate", args=[token])

    def post_data(self, guanghan="good", shifang="fair_good", town="fair"):
        return {
            f"unit_{self.guanghan.pk}": guanghan,
            f"unit_{self.shifang.pk}": shifang,
            f"unit_{self.guanghan_town.pk}": town,
        }

    def test_the_rating_page_needs_no_login_and_accepts_one_submission(self):
        url = self.rate_url(self.tokens()[0])
        self.assertContains(self.client.get(url), 'data-testid="rate-form"')
        self.assertContains(self.client.post(url, self.post_data()), 'data-testid="rate-done"')
        self.assertEqual(self.tally(self.shifang, "fair_good"), 1)
        again = self.client.post(url, self.post_data(shifang="poor"))
        self.assertContains(again, ev.TOKEN_USED)
        self.assertEqual(self.tally(self.shifang, "poor"), 0)

    def test_an_unknown_token_is_404(self):
        self.assertEqual(self.client.get(self.rate_url("nope")).status_code, 404)

    def test_an_incomplete_form_is_shown_again_and_the_token_stays_unused(self):
        url = self.rate_url(self.tokens()[0])
        data = self.post_data()
        del data[f"unit_{self.shifang.pk}"]
        self.assertContains(self.client.post(url, data), 'data-testid="rate-form"')
        self.assertFalse(EvaluationToken.objects.filter(used=True).exists())

    def test_the_results_page_shows_counts_and_never_tokens(self):
        tokens = self.tokens()
        self.client.post(self.rate_url(tokens[0]), self.post_data())
        self.client.force_login(self.leader)
        page = self.client.get(reverse("assessment:evaluation_detail", args=[self.evaluation.pk]))
        self.assertContains(page, "1 / 3")
        for token in tokens:
            self.assertNotContains(page, token)

    def test_editors_print_the_unused_links(self):
        tokens = self.tokens()
        self.client.post(self.rate_url(tokens[0]), self.post_data())
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("assessment:evaluation_tokens", args=[self.evaluation.pk]))
        self.assertNotContains(page, tokens[0])
        self.assertContains(page, tokens[1])
        self.client.force_login(self.leader)
        url = reverse("assessment:evaluation_tokens", args=[self.evaluation.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_reporter_cannot_see_the_tallies(self):
        self.client.force_login(self.guanghan_reporter)
        url = reverse("assessment:evaluation_detail", args=[self.evaluation.pk])
        self.assertEqual(self.client.get(url).status_code, 403)


class DutyReportTests(AssessmentTestCase):
    def upload(self, user, unit, content=b"%PDF-1.4\n%test\n"):
        self.client.force_login(user)
        return self.client.post(
            reverse("assessment:duty_report_upload", args=[self.scheme.pk]),
            {"unit": unit.pk, "title": "述职报告", "file": SimpleUploadedFile("r.pdf", content)},
            follow=True,
        )

    def test_a_reporter_uploads_their_units_report_and_the_department_reads_it(self):
        self.assertContains(self.upload(self.guanghan_reporter, self.guanghan), "已上传述职报告")
        report = self.scheme.duty_reports.get()
        self.client.force_login(self.leader)
        response = self.client.get(reverse("assessment:duty_report_download", args=[report.pk]))
        self.assertEqual(response.status_code, 200)
        self.client.force_login(self.shifang_reporter)
        response = self.client.get(reverse("assessment:duty_report_download", args=[report.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_reporter_cannot_upload_for_another_unit(self):
        response = self.upload(self.guanghan_reporter, self.shifang)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.scheme.duty_reports.exists())

    def test_only_pdf_or_word_is_accepted(self):
        response = self.upload(self.guanghan_reporter, self.guanghan, content=b"plain text")
        self.assertContains(response, ev.FILE_TYPE_REFUSED)
