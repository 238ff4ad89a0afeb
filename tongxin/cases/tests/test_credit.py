import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import SimpleTestCase
from django.urls import reverse

from tongxin.audit.models import AuditEvent
from tongxin.cases import selectors
from tongxin.cases.models import CreditLine, CreditMeeting
from tongxin.cases.money import AmountError, to_yuan
from tongxin.cases.services import credit as credit_services
from tongxin.cases.tests.base import CasesTestCase, make_enterprise


class ToYuanTests(SimpleTestCase):
    def test_each_unit_converts_exactly(self):
        self.assertEqual(to_yuan("62.38", "亿元"), Decimal("6238000000.00"))
        self.assertEqual(to_yuan(Decimal("1.5"), "万元"), Decimal("15000.00"))
        self.assertEqual(to_yuan("12.34", "元"), Decimal("12.34"))

    def test_bad_amounts_are_refused_with_a_reason(self):
        for value, unit, message in (
            ("1", "美元", "金额单位应为元、万元或亿元。"),
            ("-1", "元", "金额不能为负数。"),
            ("0.001", "元", "金额换算为元后最多保留到分。"),
            ("1000000", "亿元", "金额过大。"),
            ("abc", "元", "无法识别的金额“abc”。"),
        ):
            with self.subTest(value=value, unit=unit), self.assertRaises(AmountError) as ctx:
                to_yuan(value, unit)
            self.assertEqual(str(ctx.exception), message)

    def test_a_wan_yuan_amount_to_six_places_is_exact(self):
        self.assertEqual(to_yuan("0.000001", "万元"), Decimal("0.01"))


class CreditServiceTests(CasesTestCase):
    def meeting(self, actor=None, unit=None, date=dt.date(2022, 8, 18)):
        return credit_services.credit_meeting_create(
            actor=actor or self.city_editor,
            title="港澳台侨企业银企对接会",
            date=date,
            unit=unit or self.city,
        )

    def test_lines_are_summed_per_year_and_for_what_the_user_sees(self):
        meeting = self.meeting()
        other_year = self.meeting(date=dt.date(2021, 8, 18))
        shifang = self.meeting(actor=self.shifang_reporter, unit=self.shifang)
        enterprise = make_enterprise(self)
        for m, amount in (
            (meeting, "6000000000"),
            (shifang, "238000000"),
            (other_year, "1"),
        ):
            credit_services.credit_line_add(
                actor=self.city_editor,
                meeting=m,
                enterprise=enterprise,
                bank="中国银行德阳分行",
                amount=Decimal(amount),
            )
        totals = selectors.credit_totals(self.leader, year=2022)
        self.assertEqual(totals["amount"], Decimal("6238000000"))
        self.assertEqual(totals["lines"], 2)
        self.assertEqual(totals["meetings"], 2)
        self.assertEqual(totals["enterprises"], 1)
        self.assertEqual(
            selectors.credit_totals(self.shifang_reporter, year=2022)["amount"],
            Decimal("238000000"),
        )
        self.assertEqual(AuditEvent.objects.filter(action="credit_line.add").count(), 3)

    def test_a_line_needs_a_bank_and_a_positive_amount(self):
        meeting = self.meeting()
        with self.assertRaises(ValidationError) as ctx:
            credit_services.credit_line_add(
                actor=self.city_editor,
                meeting=meeting,
                enterprise=make_enterprise(self),
                bank=" ",
                amount=Decimal(0),
            )
        self.assertEqual(set(ctx.exception.message_dict), {"bank", "amount"})

    def test_a_reporter_records_for_their_county_only(self):
        with self.assertRaises(PermissionDenied):
            self.meeting(actor=self.guanghan_reporter, unit=self.shifang)
        with self.assertRaises(PermissionDenied):
            self.meeting(actor=self.leader)


class CreditPageTests(CasesTestCase):
    def test_an_editor_records_a_meeting_and_lines_in_yi_and_wan_yuan(self):
        enterprise = make_enterprise(self, name="德阳台资电子有限公司")
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("cases:credit_meeting_create"),
            {"title": "银企对接会", "date": "2022-08-18", "unit": self.city.pk},
        )
        meeting = CreditMeeting.objects.get()
        self.assertRedirects(response, reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        url = reverse("cases:credit_line_add", args=[meeting.pk])
        for amount, unit in (("62", "亿元"), ("3800", "万元")):
            self.client.post(
                url,
                {
                    "enterprise": enterprise.pk,
                    "bank": "农业银行",
                    "amount": amount,
                    "amount_unit": unit,
                },
            )
        self.assertEqual(
            sorted(CreditLine.objects.values_list("amount", flat=True)),
            [Decimal("38000000.00"), Decimal("6200000000.00")],
        )
        response = self.client.get(reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        self.assertContains(response, "6,238,000,000 元")
        response = self.client.get(reverse("cases:credit_meeting_list"), {"year": 2022})
        self.assertContains(response, "1场对接会，签约2笔、1家企业")
        # Lists and totals in the house style; the detail page keeps the exact amount.
        self.assertContains(response, "62.38亿元")

    def test_a_bad_amount_is_explained(self):
        meeting = credit_services.credit_meeting_create(
            actor=self.city_editor, title="会", date=dt.date(2022, 8, 18), unit=self.city
        )
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("cases:credit_line_add", args=[meeting.pk]),
            {
                "enterprise": make_enterprise(self).pk,
                "bank": "农业银行",
                "amount": "0.001",
                "amount_unit": "元",
            },
            follow=True,
        )
        self.assertContains(response, "金额")
        self.assertFalse(CreditLine.objects.exists())

    def test_the_list_takes_a_fixed_number_of_queries(self):
        for day in range(1, 4):
            credit_services.credit_meeting_create(
                actor=self.city_editor, title="会", date=dt.date(2022, 8, day), unit=self.city
            )
        self.client.force_login(self.city_editor)
        url = reverse("cases:credit_meeting_list")
        self.client.get(url)
        # session, user, count, totals, inbox count, the page (with sums); the session
        # was refreshed by the first view and is not saved again within the minute.
        with self.assertNumQueries(6):
            self.client.get(url)

    def test_a_third_county_gets_404_and_a_leader_403_on_adding(self):
        meeting = credit_services.credit_meeting_create(
            actor=self.shifang_reporter, title="会", date=dt.date(2022, 8, 18), unit=self.shifang
        )
        self.client.force_login(self.guanghan_reporter)
        detail = reverse("cases:credit_meeting_detail", args=[meeting.pk])
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(detail).status_code, 200)
        response = self.client.post(reverse("cases:credit_line_add", args=[meeting.pk]), {})
        self.assertEqual(response.status_code, 403)


class CreditLedgerTests(CasesTestCase):
    def test_each_line_is_a_ledger_record_the_indicators_sum(self):
        from tongxin.ledger.models import LinkKind, RecordStatus, RecordType
        from tongxin.ledger.services import record_create

        meeting_record = record_create(
            actor=self.city_editor,
            unit=self.city,
            record_type=RecordType.objects.get(code="meeting"),
            date=dt.date(2022, 8, 18),
            title="银企对接会",
        )
        meeting = credit_services.credit_meeting_create(
            actor=self.city_editor,
            title="银企对接会",
            date=dt.date(2022, 8, 18),
            unit=self.city,
            meeting_record=meeting_record,
        )
        line = credit_services.credit_line_add(
            actor=self.city_editor,
            meeting=meeting,
            enterprise=make_enterprise(self),
            bank="建设银行",
            amount=Decimal("6238000000"),
        )
        record = line.record
        self.assertEqual(record.record_type.code, "credit")
        self.assertEqual(record.status, RecordStatus.APPROVED)
        self.assertEqual(record.amount, Decimal("6238000000"))
        self.assertEqual(record.count, 1)
        self.assertEqual(record.date, dt.date(2022, 8, 18))
        self.assertEqual(list(record.tags.values_list("name", flat=True)), ["港澳台侨企业"])
        self.assertTrue(
            record.links_out.filter(target=meeting_record, kind=LinkKind.PART_OF).exists()
        )

    def test_a_reporters_line_waits_for_the_departments_approval(self):
        from tongxin.ledger.models import RecordStatus

        meeting = credit_services.credit_meeting_create(
            actor=self.shifang_reporter, title="会", date=dt.date(2022, 8, 18), unit=self.shifang
        )
        line = credit_services.credit_line_add(
            actor=self.shifang_reporter,
            meeting=meeting,
            enterprise=make_enterprise(self),
            bank="农业银行",
            amount=Decimal(1),
        )
        self.assertEqual(line.record.status, RecordStatus.SUBMITTED)
        self.assertEqual(line.record.unit, self.shifang)
