import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tongxin.audit.models import AuditEvent
from tongxin.cases import selectors
from tongxin.cases.models import Project, ProjectStage
from tongxin.cases.services import projects as projects_services
from tongxin.cases.services.projects import NOT_AN_EVENT
from tongxin.cases.tests.base import (
    CasesTestCase,
    make_enterprise,
    make_event,
    make_forum,
    make_project,
)


class ProjectServiceTests(CasesTestCase):
    def test_a_project_is_promoted_on_its_events_date(self):
        event = make_event(self, date=dt.date(2022, 9, 20))
        project = make_project(self, event=event, amount=Decimal("50000000"))
        self.assertEqual(project.stage, ProjectStage.PROMOTED)
        self.assertEqual(project.promoted_on, dt.date(2022, 9, 20))
        self.assertTrue(AuditEvent.objects.filter(action="project.create").exists())

    def test_only_an_investment_event_promotes_projects(self):
        with self.assertRaises(ValidationError) as ctx:
            make_project(self, event=make_forum(self))
        self.assertEqual(ctx.exception.message_dict["event_record"], [NOT_AN_EVENT])

    def test_it_advances_stage_by_stage_and_stops_at_started(self):
        project = make_project(self)
        for stage, day in (
            (ProjectStage.TALKS, dt.date(2022, 10, 1)),
            (ProjectStage.SIGNED, dt.date(2022, 11, 1)),
            (ProjectStage.STARTED, dt.date(2022, 12, 1)),
        ):
            project = projects_services.project_advance(
                actor=self.city_editor, project=project, on=day
            )
            self.assertEqual(project.stage, stage)
        self.assertEqual(project.signed_on, dt.date(2022, 11, 1))
        with self.assertRaises(ValidationError):
            projects_services.project_advance(
                actor=self.city_editor, project=project, on=dt.date(2022, 12, 2)
            )
        self.assertEqual(AuditEvent.objects.filter(action="project.advance").count(), 3)

    def test_a_stage_cannot_be_dated_before_the_previous_one(self):
        project = make_project(self)
        with self.assertRaises(ValidationError):
            projects_services.project_advance(
                actor=self.city_editor, project=project, on=dt.date(2022, 9, 1)
            )

    def test_a_reporter_keeps_only_their_countys_projects(self):
        project = make_project(self, unit=self.shifang)
        with self.assertRaises(PermissionDenied):
            projects_services.project_advance(
                actor=self.guanghan_reporter, project=project, on=dt.date(2022, 10, 1)
            )

    def test_stage_counts_count_every_stage_reached(self):
        first, second = make_event(self, title="一"), make_event(self, title="二")
        make_project(self, event=first)
        talks = make_project(self, event=first)
        projects_services.project_advance(
            actor=self.city_editor, project=talks, on=dt.date(2022, 10, 1)
        )
        signed = make_project(self, event=second)
        for day in (dt.date(2022, 10, 1), dt.date(2022, 10, 2)):
            signed = projects_services.project_advance(
                actor=self.city_editor, project=signed, on=day
            )
        counts = selectors.project_stage_counts(Project.objects.all())
        self.assertEqual(
            counts,
            {"promoted": 3, "talks": 2, "signed": 1, "started": 0, "events": 2},
        )


class ProjectPageTests(CasesTestCase):
    def test_an_editor_registers_a_project_in_wan_yuan_and_advances_it(self):
        event = make_event(self)
        investor = make_enterprise(self)
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("cases:project_create"),
            {
                "name": "电子元件项目",
                "investor": investor.pk,
                "unit": self.guanghan.pk,
                "event_record": event.pk,
                "amount": "1.5",
                "amount_unit": "亿元",
            },
        )
        project = Project.objects.get()
        self.assertRedirects(response, reverse("cases:project_detail", args=[project.pk]))
        self.assertEqual(project.amount, Decimal("150000000.00"))
        self.client.post(reverse("cases:project_advance", args=[project.pk]), {"on": "2022-10-01"})
        response = self.client.get(reverse("cases:project_detail", args=[project.pk]))
        self.assertContains(response, "洽谈中")
        self.assertContains(response, "150,000,000 元")
        self.assertContains(response, "data-confirm=")

    def test_an_unknown_event_number_is_explained(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("cases:project_create"),
            {
                "name": "项目",
                "investor": make_enterprise(self).pk,
                "unit": self.guanghan.pk,
                "event_record": 999999,
                "amount_unit": "万元",
            },
        )
        self.assertContains(response, "找不到该推介活动记录")

    def test_the_list_counts_stages_in_a_fixed_number_of_queries(self):
        event = make_event(self)
        for _ in range(3):
            make_project(self, event=event)
        self.client.force_login(self.city_editor)
        url = reverse("cases:project_list")
        self.client.get(url)
        # session, user, stage counts, page count, inbox count, the page (the session,
        # refreshed by the first view, is not saved again within the minute).
        with self.assertNumQueries(6):
            response = self.client.get(url, {"year": 2022})
        self.assertContains(response, "1场活动推介项目3个，其中进入洽谈0个、签约0个、开工0个")
        for _ in range(5):
            make_project(self, event=event)
        with self.assertNumQueries(6):
            self.client.get(url, {"year": 2022})

    def test_a_reporter_sees_their_countys_projects_only(self):
        make_project(self, unit=self.guanghan, name="广汉项目")
        shifang = make_project(self, unit=self.shifang, name="什邡项目")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:project_list"))
        self.assertContains(response, "广汉项目")
        self.assertNotContains(response, "什邡项目")
        detail = self.client.get(reverse("cases:project_detail", args=[shifang.pk]))
        self.assertEqual(detail.status_code, 404)

    def test_a_leader_reads_but_does_not_advance(self):
        project = make_project(self)
        self.client.force_login(self.leader)
        self.assertEqual(
            self.client.get(reverse("cases:project_detail", args=[project.pk])).status_code, 200
        )
        response = self.client.post(
            reverse("cases:project_advance", args=[project.pk]), {"on": "2022-10-01"}
        )
        self.assertEqual(response.status_code, 403)


class ProjectLedgerTests(CasesTestCase):
    def test_promoting_records_the_project_in_the_ledger_as_part_of_the_event(self):
        from tongxin.ledger.models import LinkKind, RecordStatus

        event = make_event(self)
        project = make_project(self, event=event, amount=Decimal("1000000"))
        record = project.record
        self.assertEqual(record.record_type.code, "project_promoted")
        self.assertEqual(record.status, RecordStatus.APPROVED)
        self.assertEqual(record.amount, Decimal("1000000"))
        self.assertEqual(record.date, event.date)
        self.assertEqual(record.unit, self.guanghan)
        self.assertTrue(record.links_out.filter(target=event, kind=LinkKind.PART_OF).exists())
