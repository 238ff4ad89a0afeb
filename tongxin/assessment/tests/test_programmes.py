import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from tongxin.assessment.models import Secondment, TrainingClass
from tongxin.assessment.services import programmes as programme_services
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.indicators.services import indicator_create
from tongxin.ledger.models import RecordStatus, RecordType
from tongxin.ledger.services import record_approve
from tongxin.ledger.tests.base import LedgerTestCase

PERSONS = [
    {"person_name": "张明", "home_unit": "民盟德阳市委", "host_unit": "德阳市发展和改革委员会"},
    {"person_name": "李华", "home_unit": "民建德阳市委", "host_unit": "德阳市经济和信息化局"},
]


class ProgrammeTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.training = programme_services.training_class_create(
            actor=cls.guanghan_reporter,
            unit=cls.guanghan,
            name="广汉市民营经济人士培训班",
            start=dt.date(2022, 5, 15),
            end=dt.date(2022, 5, 18),
            participants=78,
        )
        cls.trainees = indicator_create(
            actor=None,
            code="trainees",
            name="培训人数",
            kind="sum",
            measure="participants",
            record_types=[RecordType.objects.get(code="training")],
        )
        cls.seconded = indicator_create(
            actor=None,
            code="secondments",
            name="挂职人数",
            kind="sum",
            measure="count",
            record_types=[RecordType.objects.get(code="secondment")],
        )

    def value(self, indicator):
        table = indicator_table(indicators=[indicator], period=period_for(2022), units=[self.city])
        return table.value(indicator, self.city)

    def test_a_class_is_a_ledger_record_whose_participants_the_indicator_sums(self):
        record = self.training.record
        self.assertEqual((record.status, record.participants), (RecordStatus.SUBMITTED, 78))
        self.assertEqual(self.value(self.trainees), 0)
        record_approve(actor=self.city_editor, record=record)
        self.assertEqual(self.value(self.trainees), 78)

    def test_the_roster_is_optional_and_holds_a_name_and_a_unit(self):
        programme_services.trainee_add(
            actor=self.guanghan_reporter,
            training=self.training,
            name="王芳",
            work_unit="广汉市工商联",
        )
        self.client.force_login(self.leader)
        page = self.client.get(reverse("assessment:training_detail", args=[self.training.pk]))
        self.assertContains(page, "王芳")
        self.assertContains(page, "广汉市工商联")

    def test_a_batch_of_secondments_is_one_record_counting_its_cadres(self):
        made = programme_services.secondment_batch_create(
            actor=self.city_editor,
            unit=self.city,
            batch=4,
            persons=PERSONS,
            start=dt.date(2022, 3, 17),
            end=dt.date(2022, 9, 16),
        )
        record = made[0].record
        self.assertEqual((record.count, [t.name for t in record.tags.all()]), (2, ["第4批"]))
        record_approve(actor=self.city_editor, record=record)
        self.assertEqual(self.value(self.seconded), 2)

    def test_an_existing_record_must_count_the_persons_listed(self):
        record = self.make_record(
            by=self.city_editor,
            unit=self.city,
            record_type=RecordType.objects.get(code="secondment"),
            title="3名党外干部挂职",
            count=3,
            approve=True,
        )
        with self.assertRaises(ValidationError):
            programme_services.secondment_batch_create(
                actor=None,
                unit=self.city,
                batch=None,
                persons=PERSONS,
                start=dt.date(2022, 3, 5),
                record=record,
            )
        self.assertFalse(Secondment.objects.exists())

    def test_the_list_shows_the_years_classes_and_secondments(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("assessment:secondment_create"),
            {
                "unit": self.city.pk,
                "batch": 4,
                "start": "2022-03-17",
                "persons": "\n".join(" ".join(p.values()) for p in PERSONS),
            },
        )
        self.assertRedirects(response, reverse("assessment:programme_list"))
        page = self.client.get(reverse("assessment:programme_list") + "?year=2022")
        self.assertContains(page, "广汉市民营经济人士培训班")
        self.assertContains(page, "德阳市经济和信息化局")
        self.assertEqual(page.context["participants"], 78)
        self.client.force_login(self.shifang_reporter)
        page = self.client.get(reverse("assessment:programme_list") + "?year=2022")
        self.assertNotContains(page, "广汉市民营经济人士培训班")

    def test_a_malformed_name_list_is_shown_again(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("assessment:secondment_create"),
            {"unit": self.city.pk, "start": "2022-03-17", "persons": "张明 民盟德阳市委"},
        )
        self.assertContains(response, "第1行须写")

    def test_a_reporter_registers_a_class_through_the_form(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("assessment:training_create"),
            {
                "unit": self.guanghan.pk,
                "name": "新阶层培训班",
                "start": "2022-06-01",
                "participants": 30,
            },
        )
        training = TrainingClass.objects.get(name="新阶层培训班")
        self.assertRedirects(response, reverse("assessment:training_detail", args=[training.pk]))

    def test_leaders_read_but_do_not_register(self):
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(reverse("assessment:training_create")).status_code, 403)
        self.assertEqual(self.client.get(reverse("assessment:secondment_create")).status_code, 403)
        self.client.force_login(self.secadmin)
        self.assertEqual(self.client.get(reverse("assessment:programme_list")).status_code, 403)
