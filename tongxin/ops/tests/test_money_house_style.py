"""Money in the house style on every page that sums or lists it (62.38亿元, 1500万元),
exact 元 only on detail pages and in export cells (issue 19, item 5)."""

import re

from django.test import TestCase
from django.urls import reverse

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.cases.models import CreditMeeting, Project
from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.indicators import load_demo_indicators
from tongxin.ops.demo.ledger import load_demo_ledger

# 10,000 元 or more printed in plain 元: "6,388,000,000 元", "15000元", "12,345.5元".
PLAIN_LARGE_YUAN = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)?\s*元")


class MoneyHouseStyleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        load_demo_ledger()
        load_demo_cases()
        load_demo_indicators()
        cls.editor = User.objects.filter(role=Role.EDITOR, is_active=True).first()
        cls.city = Unit.objects.get(parent=None)

    def pages(self) -> list[str]:
        return [
            "/",
            reverse("indicators:dashboard") + "?year=2022",
            reverse("indicators:dashboard") + "?year=2022&unit=" + str(self.city.pk),
            reverse("indicators:drilldown", args=["hmto_credit", self.city.pk]) + "?period=2022",
            reverse("indicators:targets") + "?year=2022",
            reverse("ledger:record_list") + "?year=2022",
            reverse("ledger:record_list"),
            reverse("cases:credit_meeting_list"),
            reverse("cases:project_list"),
            reverse("inbox:inbox"),
        ]

    def test_no_list_total_or_dashboard_prints_large_amounts_in_plain_yuan(self):
        self.client.force_login(self.editor)
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                found = PLAIN_LARGE_YUAN.findall(response.content.decode())
                self.assertEqual(found, [], url)

    def test_the_dashboard_prints_the_credit_total_as_the_review_does(self):
        self.client.force_login(self.editor)
        html = self.client.get(reverse("indicators:dashboard") + "?year=2022").content.decode()
        self.assertRegex(
            html, r'data-testid="value-hmto_credit">62\.38亿</a><span class="unit-word">元'
        )

    def test_detail_pages_keep_the_exact_amount(self):
        self.client.force_login(self.editor)
        project = Project.objects.exclude(amount=None).filter(amount__gte=10_000).first()
        html = self.client.get(reverse("cases:project_detail", args=[project.pk])).content.decode()
        self.assertRegex(html, r"\d{1,3}(,\d{3})+ 元")
        meeting = CreditMeeting.objects.first()
        html = self.client.get(
            reverse("cases:credit_meeting_detail", args=[meeting.pk])
        ).content.decode()
        self.assertRegex(html, r"\d{1,3}(,\d{3})+ 元")
