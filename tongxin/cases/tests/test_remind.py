import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from tongxin.cases.tests.base import CasesTestCase, make_case, make_enterprise


class RemindCommandTests(CasesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        may = dt.date(2022, 5, 13)
        enterprise = make_enterprise(cls, name="德阳台资电子有限公司")
        cls.waiting = make_case(cls, enterprise=enterprise, received_on=may, title="待受理事项")
        cls.working = make_case(
            cls,
            enterprise=enterprise,
            received_on=may,
            lead=cls.guanghan,
            until="in_progress",
            title="办理中事项",
        )
        make_case(cls, enterprise=enterprise, received_on=may, until="replied", title="已答复事项")

    def run_remind(self, *args):
        out = StringIO()
        call_command("remind", *args, stdout=out)
        return out.getvalue()

    def test_it_lists_overdue_cases_by_who_must_act(self):
        output = self.run_remind("--date", "2022-05-25")
        self.assertIn("截至2022-05-25，逾期的企业诉求共2件", output)
        self.assertIn("【部机关】1件", output)
        self.assertIn("【广汉市】1件", output)
        self.assertIn("待受理事项（已接收，受理期限2022-05-16，逾期9天）", output)
        self.assertIn("办理中事项（办理中，办结期限2022-05-24，逾期1天）", output)
        self.assertNotIn("已答复事项", output)
        self.assertLess(output.index("【部机关】"), output.index("【广汉市】"))

    def test_nothing_overdue_says_so(self):
        output = self.run_remind("--date", "2022-05-13")
        self.assertIn("没有逾期的企业诉求", output)

    def test_without_mail_configured_it_only_prints(self):
        output = self.run_remind("--date", "2022-05-25", "--to", "office@example.org")
        self.assertIn("未配置邮件服务", output)
        self.assertEqual(len(mail.outbox), 0)

    @override_settings(EMAIL_HOST="mail.example.org")
    def test_with_mail_configured_it_sends_the_list(self):
        output = self.run_remind("--date", "2022-05-25", "--to", "office@example.org")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["office@example.org"])
        self.assertIn("待受理事项", mail.outbox[0].body)
        self.assertIn("逾期企业诉求2件", mail.outbox[0].subject)
        self.assertIn("已发送邮件", output)

    @override_settings(EMAIL_HOST="mail.example.org")
    def test_with_mail_but_no_recipient_it_says_so(self):
        output = self.run_remind("--date", "2022-05-25")
        self.assertIn("未指定收件人", output)
        self.assertEqual(len(mail.outbox), 0)

    def test_a_bad_date_is_refused(self):
        with self.assertRaises(CommandError):
            self.run_remind("--date", "2022/05/25")


class InboxPartialTests(CasesTestCase):
    def test_the_inbox_partial_lists_what_the_user_must_act_on(self):
        from django.template.loader import render_to_string

        from tongxin.cases.selectors import case_overdue_list_for

        make_case(self, received_on=dt.date(2022, 5, 13), title="早已逾期")
        html = render_to_string(
            "cases/_inbox_overdue.html",
            {"overdue_cases": list(case_overdue_list_for(self.city_editor)[:50])},
        )
        self.assertIn("逾期的企业诉求", html)
        self.assertIn("早已逾期", html)
        empty = render_to_string(
            "cases/_inbox_overdue.html",
            {"overdue_cases": list(case_overdue_list_for(self.guanghan_reporter)[:50])},
        )
        self.assertEqual(empty.strip(), "")
