import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tongxin.assessment.models import Site
from tongxin.assessment.services import sites as site_services
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.indicators.services import indicator_create
from tongxin.ledger.models import RecordStatus, RecordType
from tongxin.ledger.services import record_approve
from tongxin.ledger.tests.base import LedgerTestCase


class SiteTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.base_type = RecordType.objects.get(code="base")
        cls.site = site_services.site_create(
            actor=cls.guanghan_reporter,
            name="三星堆同心驿站",
            unit=cls.guanghan,
            category="base",
            designation="“同心德阳”统战工作基地",
            designated_on=dt.date(2022, 6, 1),
        )

    def test_registering_a_site_submits_its_designation_to_the_ledger(self):
        record = self.site.record
        self.assertEqual(
            (record.record_type, record.status, record.unit, record.count),
            (self.base_type, RecordStatus.SUBMITTED, self.guanghan, 1),
        )
        self.assertIn("三星堆同心驿站", record.title)

    def test_the_count_by_category_is_an_indicator_once_approved(self):
        bases = indicator_create(
            actor=None,
            code="bases",
            name="统战工作基地",
            kind="count",
            record_types=[self.base_type],
        )

        def value():
            table = indicator_table(indicators=[bases], period=period_for(2022), units=[self.city])
            return table.value(bases, self.city)

        self.assertEqual(value(), 0)
        record_approve(actor=self.city_editor, record=self.site.record)
        self.assertEqual(value(), 1)

    def test_an_existing_record_must_be_of_the_categorys_type(self):
        forum = self.make_record(title="恳谈会", approve=True)
        with self.assertRaises(ValidationError):
            site_services.site_create(
                actor=self.guanghan_reporter,
                name="x",
                unit=self.guanghan,
                category="base",
                designation="x",
                designated_on=dt.date(2022, 1, 1),
                record=forum,
            )

    def test_a_reporter_registers_only_for_their_own_unit(self):
        with self.assertRaises(PermissionDenied):
            site_services.site_create(
                actor=self.guanghan_reporter,
                name="x",
                unit=self.shifang,
                category="venue",
                designation="x",
                designated_on=dt.date(2022, 1, 1),
            )

    def test_the_page_lists_the_records_of_work_held_there(self):
        meeting = self.make_record(title="现场推进会在驿站召开", approve=True)
        site_services.site_record_link(actor=self.city_editor, site=self.site, record=meeting)
        with self.assertRaises(ValidationError):
            site_services.site_record_link(actor=self.city_editor, site=self.site, record=meeting)
        self.client.force_login(self.guanghan_reporter)
        page = self.client.get(reverse("assessment:site_detail", args=[self.site.pk]))
        self.assertContains(page, "现场推进会在驿站召开")
        self.assertContains(page, "“同心德阳”统战工作基地")

    def test_linking_a_record_through_the_page(self):
        meeting = self.make_record(title="驿站座谈会", approve=True)
        self.client.force_login(self.guanghan_reporter)
        url = reverse("assessment:site_record_add", args=[self.site.pk])
        self.client.post(url, {"record": meeting.pk})
        self.assertTrue(Site.objects.filter(pk=self.site.pk, records=meeting).exists())
        other = self.make_record(by=self.shifang_reporter, title="什邡记录", approve=True)
        self.assertEqual(self.client.post(url, {"record": other.pk}).status_code, 404)

    def test_the_list_counts_by_category(self):
        self.client.force_login(self.leader)
        page = self.client.get(reverse("assessment:site_list"))
        self.assertContains(page, "三星堆同心驿站")
        self.assertEqual(
            [(label, n) for _, label, n in page.context["counts"]],
            [("统战工作基地", 1), ("教学体验阵地", 0), ("示范场所", 0)],
        )
        self.client.force_login(self.shifang_reporter)
        self.assertNotContains(self.client.get(reverse("assessment:site_list")), "三星堆同心驿站")

    def test_a_reporter_registers_a_site_through_the_form(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("assessment:site_create"),
            {
                "name": "雒城教学点",
                "unit": self.guanghan.pk,
                "category": "teaching",
                "designation": "浸润式教学体验阵地",
                "designated_on": "2022-08-01",
            },
        )
        site = Site.objects.get(name="雒城教学点")
        self.assertRedirects(response, reverse("assessment:site_detail", args=[site.pk]))

    def test_leaders_read_but_do_not_register(self):
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(reverse("assessment:site_create")).status_code, 403)
        self.client.force_login(self.auditor)
        self.assertEqual(self.client.get(reverse("assessment:site_list")).status_code, 403)
