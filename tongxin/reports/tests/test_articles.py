import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongxin.ledger.models import RecordStatus, RecordType, WorkRecord
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.lib.shared import seed_path
from tongxin.reference_testing import reference
from tongxin.reports.models import Article
from tongxin.reports.services.articles import article_claims

SEED = seed_path("deyang-2022-review.txt")


def confirm_facts(client, preview):
    """Submit the facts step (issue 19) as shown, or return the page that had no such step."""
    form = preview.context["form"] if preview.context else None
    if form is None or "title" not in form.fields:
        return preview
    data = {
        name: "" if value is None else value
        for name, value in ((n, form[n].value()) for n in form.fields)
    }
    return client.post(reverse("reports:article_new"), {**data, "confirm": "1"}, follow=True)


class ArticleReadTests(LedgerTestCase):
    def read(self, **data):
        """Read the text in, then save with the facts as the form filled them."""
        self.client.force_login(self.city_editor)
        return confirm_facts(
            self.client,
            self.client.post(reverse("reports:article_new"), {"unit": self.city.pk, **data}),
        )

    def test_the_seed_review_is_read_cleaned_simplified_and_counted_as_publicity(self):
        response = self.read(text=reference(SEED).read_text(encoding="utf-8"))
        article = Article.objects.get()
        self.assertEqual(article.title, "凝心聚力谱新篇 奋楫笃行启新程——2022年德阳统战工作综述")
        self.assertEqual(article.outlet, "中新网四川")
        self.assertEqual(str(article.published_on), "2023-02-18")
        self.assertNotIn("(tǒng)", article.body)
        self.assertIn("统战", article.body)
        self.assertGreater(article.residue_removed, 100)
        record = article.publicity_record
        self.assertEqual(record.record_type.code, "publicity")
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.assertEqual(list(record.tags.values_list("name", flat=True)), ["中新网四川"])
        # flagged corruption (the seed's other two spots are in the footer, dropped as
        # page furniture) and highlighted claims
        self.assertContains(response, "发现 1 处转码丢失的字符")
        self.assertContains(response, '<mark class="corrupt" title="此处字符在转码中丢失">?yún')
        self.assertContains(response, '<mark class="claim" id="claim-0">')
        self.assertContains(response, "62.38亿元")

    def test_a_docx_upload_is_read(self):
        import docx

        document = docx.Document()
        document.add_paragraph("广汉市举办民营企业家恳谈会")
        document.add_paragraph("2022年广汉市共举办恳谈会5场，解决问题30余件。")
        buf = io.BytesIO()
        document.save(buf)
        self.read(file=SimpleUploadedFile("稿件.docx", buf.getvalue()))
        article = Article.objects.get()
        self.assertEqual(article.title, "广汉市举办民营企业家恳谈会")
        self.assertEqual([c["value"] for c in article_claims(article)], [5, 30])

    def test_an_unsupported_file_gets_a_chinese_message(self):
        response = self.read(file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
        self.assertContains(response, "只能读取 .txt、.html 或 .docx 文件")
        self.assertFalse(Article.objects.exists())

    def test_empty_input_is_refused(self):
        response = self.read(text="  ")
        self.assertContains(response, "请粘贴文章内容或上传文件")


class ClaimsToDraftsTests(LedgerTestCase):
    def test_ticked_claims_become_draft_records_with_the_article_as_evidence(self):
        self.client.force_login(self.guanghan_reporter)
        preview = self.client.post(
            reverse("reports:article_new"),
            {
                "unit": self.guanghan.pk,
                "text": "广汉市统战工作\n2022年06月01日 来源：广汉发布\n"
                "全年举办恳谈会5场，参加企业家200余人，签约授信3.5亿元。",
            },
        )
        confirm_facts(self.client, preview)
        article = Article.objects.get()
        claims = article_claims(article)
        self.assertEqual(
            [(c["value"], c["unit"]) for c in claims], [(5, "场"), (200, "人"), (350000000, "元")]
        )
        response = self.client.post(
            reverse("reports:article_drafts", args=[article.pk]),
            {
                "claims": ["0", "2"],
                "type_0": self.forum.pk,
                "type_2": self.credit.pk,
                "type_1": RecordType.objects.get(code="training").pk,  # not ticked: ignored
            },
        )
        self.assertRedirects(response, reverse("inbox:inbox"))
        drafts = WorkRecord.objects.filter(status=RecordStatus.DRAFT).order_by("pk")
        self.assertEqual(
            [(d.record_type.code, d.count, d.amount) for d in drafts],
            [("forum", 5, None), ("credit", None, 350000000)],
        )
        self.assertTrue(all(str(d.date) == "2022-06-01" for d in drafts))
        self.assertTrue(all(d.evidence.count() == 1 for d in drafts))
        self.assertEqual(drafts[0].evidence.get().extension, ".docx")
