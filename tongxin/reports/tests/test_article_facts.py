"""Article ingest keeps its facts: title, outlet, date and author read from the text,
shown to correct before saving, and carried by the publicity record (issue 19, item 7)."""

import datetime as dt

from django.urls import reverse

from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.reference_testing import reference_seed
from tongxin.reports.models import Article
from tongxin.reports.services.articles import article_facts, article_read

SHORT = (
    "德陽市(Dé yáng shì)召开民营企业家恳谈会\n"
    "2024年05月20日 来源：德阳日报 作者：张晓明\n"
    "全市共举办恳谈会5场。"
)


class ArticleFactsTests(LedgerTestCase):
    def preview(self, **data):
        self.client.force_login(self.city_editor)
        return self.client.post(reverse("reports:article_new"), {"unit": self.city.pk, **data})

    def test_the_seed_article_pasted_as_plain_text_keeps_its_date_and_outlet(self):
        text = reference_seed("deyang-2022-review.txt").read_text(encoding="utf-8")
        article = article_read(actor=self.city_editor, unit=self.city, text=text)
        record = article.publicity_record
        self.assertEqual(record.date, dt.date(2023, 2, 18))
        self.assertEqual(article.outlet, "中新网四川")
        self.assertIn("中新网四川", record.description)
        self.assertEqual(list(record.tags.values_list("name", flat=True)), ["中新网四川"])

    def test_the_seed_pasted_through_the_page_shows_the_facts_before_saving(self):
        text = reference_seed("deyang-2022-review.txt").read_text(encoding="utf-8")
        # As a browser sends a pasted textarea: CRLF line ends.
        response = self.preview(text=text.replace("\n", "\r\n"))
        self.assertFalse(Article.objects.exists())
        form = response.context["form"]
        self.assertEqual(form["outlet"].value(), "中新网四川")
        self.assertEqual(form["published_on"].value(), dt.date(2023, 2, 18))
        self.assertEqual(
            form["title"].value(), "凝心聚力谱新篇 奋楫笃行启新程——2022年德阳统战工作综述"
        )
        self.assertContains(response, 'name="outlet"')
        self.assertContains(response, 'name="author"')

    def test_the_facts_are_read_from_the_text_author_included(self):
        facts = article_facts(SHORT)
        self.assertEqual(facts["title"], "德阳市召开民营企业家恳谈会")
        self.assertEqual(facts["outlet"], "德阳日报")
        self.assertEqual(facts["published_on"], dt.date(2024, 5, 20))
        self.assertEqual(facts["author"], "张晓明")

    def test_what_the_user_corrects_is_what_is_saved(self):
        response = self.preview(text="没有标题行的一段文字，全市共举办恳谈会5场。")
        data = {
            n: response.context["form"][n].value() or "" for n in response.context["form"].fields
        }
        data.update(
            title="全市恳谈会综述",
            outlet="四川日报",
            published_on="2024-03-01",
            author="李记者",
            confirm="1",
        )
        self.client.post(reverse("reports:article_new"), data)
        article = Article.objects.get()
        self.assertEqual(
            (article.title, article.outlet, article.published_on, article.author),
            ("全市恳谈会综述", "四川日报", dt.date(2024, 3, 1), "李记者"),
        )
        record = article.publicity_record
        self.assertEqual(record.date, dt.date(2024, 3, 1))
        self.assertEqual(record.title, "全市恳谈会综述")
        self.assertEqual(list(record.tags.values_list("name", flat=True)), ["四川日报"])

    def test_pasted_text_loses_whole_word_pinyin_too(self):
        article = article_read(actor=self.city_editor, unit=self.city, text=SHORT)
        self.assertEqual(article.title, "德阳市召开民营企业家恳谈会")
        self.assertNotIn("Dé", article.body + article.title)
