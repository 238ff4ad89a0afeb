"""What the cases services write into the ledger so the indicators count it: an
enterprise's arrival, a list entry, a published ranking, a request accepted and its
resolution (on time or late, with the verdict), a project's stages."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tongxin.cases.models import Ownership
from tongxin.cases.services.cases import case_close, case_feedback, case_reply, case_screen
from tongxin.cases.services.enterprises import (
    enterprise_create,
    enterprise_membership_add,
    enterprise_update,
)
from tongxin.cases.services.projects import project_advance
from tongxin.cases.services.rankings import (
    ranking_create,
    ranking_criterion_add,
    ranking_publish,
    ranking_review,
    ranking_values_set,
)
from tongxin.cases.tests.base import (
    CasesTestCase,
    make_case,
    make_code,
    make_enterprise,
    make_forum,
    make_project,
)
from tongxin.ledger.models import LinkKind, RecordLink, RecordStatus, WorkRecord


def tags_of(record) -> set[str]:
    return set(record.tags.values_list("name", flat=True))


class ArrivalTests(CasesTestCase):
    def test_a_taiwan_funded_enterprise_arriving_is_a_new_enterprise_record(self):
        enterprise = make_enterprise(self, ownership=Ownership.TAIWAN)
        record = enterprise.arrival_record
        self.assertEqual(record.record_type.code, "new_enterprise")
        self.assertEqual((record.unit, record.date), (enterprise.district, enterprise.arrived_on))
        self.assertEqual(record.status, RecordStatus.APPROVED)
        self.assertEqual(tags_of(record), {"台资企业", "港澳台侨企业"})

    def test_a_private_enterprise_writes_no_arrival(self):
        enterprise = make_enterprise(self, ownership=Ownership.PRIVATE)
        self.assertIsNone(enterprise.arrival_record)
        self.assertFalse(WorkRecord.objects.exists())

    def test_a_reporters_arrival_waits_for_review_and_is_written_once(self):
        enterprise = enterprise_create(
            actor=self.shifang_reporter,
            name="侨资测试企业",
            credit_code=make_code(9001),
            district=self.shifang,
            industry="C",
            ownership=Ownership.OVERSEAS_CHINESE,
        )
        self.assertIsNone(enterprise.arrival_record)
        enterprise = enterprise_update(
            actor=self.shifang_reporter,
            enterprise=enterprise,
            changes={"arrived_on": dt.date(2022, 3, 1)},
        )
        self.assertEqual(enterprise.arrival_record.status, RecordStatus.SUBMITTED)
        enterprise_update(
            actor=self.shifang_reporter,
            enterprise=enterprise,
            changes={"arrived_on": dt.date(2022, 3, 2)},
        )
        self.assertEqual(WorkRecord.objects.filter(record_type__code="new_enterprise").count(), 1)


class ListTests(CasesTestCase):
    def test_a_list_entry_is_a_ranking_record_of_the_district(self):
        enterprise = make_enterprise(self, ownership=Ownership.PRIVATE)
        enterprise_membership_add(
            actor=self.city_editor,
            enterprise=enterprise,
            year=2022,
            list_name="四川民营企业100强",
            rank=37,
            listed_on=dt.date(2022, 9, 14),
        )
        record = WorkRecord.objects.get(record_type__code="ranking")
        self.assertEqual(
            (record.unit, record.date, record.count), (self.shifang, dt.date(2022, 9, 14), 1)
        )
        self.assertEqual(tags_of(record), {"四川民营企业100强"})
        self.assertIn("第37名", record.title)

    def test_a_past_years_entry_is_dated_its_last_day(self):
        enterprise = make_enterprise(self, ownership=Ownership.PRIVATE)
        enterprise_membership_add(
            actor=self.city_editor, enterprise=enterprise, year=2021, list_name="专精特新"
        )
        self.assertEqual(
            WorkRecord.objects.get(record_type__code="ranking").date, dt.date(2021, 12, 31)
        )

    def test_publishing_an_evaluation_records_its_entries(self):
        evaluation = ranking_create(
            actor=self.city_editor, name="德阳非公企业50强", year=2022, unit=self.city, size=2
        )
        criterion = ranking_criterion_add(
            actor=self.city_editor, evaluation=evaluation, name="营业收入", weight=Decimal(1)
        )
        for n in range(3):
            ranking_values_set(
                actor=self.city_editor,
                evaluation=evaluation,
                enterprise=make_enterprise(self, ownership=Ownership.PRIVATE),
                values={criterion: Decimal(n)},
            )
        evaluation = ranking_review(actor=self.city_editor, evaluation=evaluation)
        self.assertFalse(WorkRecord.objects.exists())
        ranking_publish(
            actor=self.leader, evaluation=evaluation, published_on=dt.date(2022, 11, 18)
        )
        record = WorkRecord.objects.get(record_type__code="ranking")
        self.assertEqual(
            (record.unit, record.date, record.count), (self.city, dt.date(2022, 11, 18), 2)
        )
        self.assertEqual((record.created_by, record.approved_by), (self.city_editor, self.leader))
        self.assertEqual(tags_of(record), {"德阳非公企业50强"})


class RequestRecordTests(CasesTestCase):
    def test_accepting_a_request_records_it_raised_at_its_forum(self):
        forum = make_forum(self)
        case = make_case(self, forum=forum, until="accepted", received_on=dt.date(2022, 5, 10))
        record = WorkRecord.objects.get(record_type__code="request_accepted")
        self.assertEqual(
            (record.unit, record.date), (case.enterprise.district, dt.date(2022, 5, 10))
        )
        self.assertEqual(tags_of(record), {"港澳台侨企业"})
        self.assertTrue(
            RecordLink.objects.filter(source=record, target=forum, kind=LinkKind.RAISED_AT).exists()
        )

    def test_a_refused_request_is_not_recorded(self):
        case = make_case(self)
        case_screen(actor=self.city_editor, case=case, accepted=False, reason="重复")
        self.assertFalse(WorkRecord.objects.filter(record_type__code="request_accepted").exists())

    def test_a_late_reply_is_not_on_time_and_the_verdict_is_a_tag(self):
        case = make_case(self, until="in_progress", received_on=dt.date(2022, 5, 10))
        late = timezone.make_aware(dt.datetime(2022, 6, 30, 10, 0))
        case = case_reply(actor=self.city_editor, case=case, reply="已解决。", replied_at=late)
        self.assertEqual(case.replied_at, late)
        case = case_feedback(actor=self.city_editor, case=case, satisfaction="basically")
        case = case_close(actor=self.city_editor, case=case, closed_on=dt.date(2022, 7, 2))
        self.assertEqual(tags_of(case.resolution_record), {"港澳台侨企业", "基本满意"})
        self.assertEqual(case.resolution_record.date, dt.date(2022, 7, 2))


class ProjectRecordTests(CasesTestCase):
    def test_each_stage_reached_is_a_progress_record_part_of_the_project(self):
        project = make_project(self, amount=Decimal("80000000"))
        for day in (dt.date(2022, 10, 1), dt.date(2022, 11, 1), dt.date(2022, 12, 1)):
            project = project_advance(actor=self.city_editor, project=project, on=day)
        records = WorkRecord.objects.filter(record_type__code="project_progress").order_by("date")
        self.assertEqual(
            [(sorted(tags_of(r)), r.amount) for r in records],
            [
                (["港澳台侨企业", "项目洽谈"], None),
                (["港澳台侨企业", "项目签约"], Decimal("80000000")),
                (["港澳台侨企业", "项目开工"], Decimal("80000000")),
            ],
        )
        self.assertEqual(
            RecordLink.objects.filter(target=project.record, kind=LinkKind.PART_OF).count(), 3
        )
