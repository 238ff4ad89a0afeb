"""Small things that cost trust (issue 19, item 8)."""

import re

from django.urls import reverse

from tongxin.ledger.tests.base import LedgerTestCase


class TrustDetailsTests(LedgerTestCase):
    def test_only_the_inbox_is_highlighted_on_the_inbox_page(self):
        self.client.force_login(self.city_editor)
        html = self.client.get(reverse("inbox:inbox")).content.decode()
        current = re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', html)
        self.assertEqual(current, [reverse("inbox:inbox")])

    def test_the_ledger_is_still_highlighted_on_its_own_pages(self):
        self.client.force_login(self.city_editor)
        html = self.client.get(reverse("ledger:record_create")).content.decode()
        current = re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', html)
        self.assertEqual(current, [reverse("ledger:record_list")])

    def test_approvals_come_before_reminders_in_the_inbox(self):
        from tongxin.core.inbox import inbox_sections

        keys = [s.key for s in inbox_sections()]
        for decision in ("corrections", "to_review"):
            for reminder in ("overdue_cases", "missed_meetings", "drafts", "autosaved"):
                self.assertLess(keys.index(decision), keys.index(reminder))

    def test_approvals_are_listed_first_on_the_page(self):
        self.make_record(title="待审的恳谈会", submit=True)
        self.client.force_login(self.city_editor)
        html = self.client.get(reverse("inbox:inbox")).content.decode()
        self.assertIn("待审的恳谈会", html)
        headings = re.findall(r"<h2>([^<]+)", html)
        self.assertEqual(headings[0].strip(), "待审核的记录")

    def test_empty_choices_read_please_choose(self):
        self.client.force_login(self.guanghan_reporter)
        html = self.client.get(reverse("ledger:record_create")).content.decode()
        self.assertNotIn("---------", html)
        self.assertIn("请选择…", html)

    def test_a_get_on_a_post_only_address_shows_the_chinese_405_page(self):
        record = self.make_record()
        self.client.force_login(self.guanghan_reporter)
        back = reverse("ledger:record_detail", args=[record.pk])
        response = self.client.get(
            reverse("ledger:record_action", args=[record.pk]),
            HTTP_REFERER=f"http://testserver{back}",
        )
        self.assertEqual(response.status_code, 405)
        html = response.content.decode()
        self.assertIn("不能直接打开此地址", html)
        self.assertIn(f'href="http://testserver{back}"', html)
        self.assertIn("返回首页", html)
        self.assertIn("POST", response["Allow"])

    def test_a_foreign_referer_is_not_offered_as_the_way_back(self):
        record = self.make_record()
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(
            reverse("ledger:record_action", args=[record.pk]),
            HTTP_REFERER="https://evil.example/",
        )
        self.assertNotIn("evil.example", response.content.decode())
