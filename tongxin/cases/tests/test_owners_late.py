"""Issue 18, late items (补录) owned by cases: a case result, a project, a project's
stage and an enterprise's arrival dated in a closed year enter as correction requests
with their payload; a second editor's approval creates owner and records together.
Every test ends with `tongxin check-owners` clean (CasesTestCase)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.audit.models import AuditEvent
from tongxin.cases.models import (
    Case,
    CaseState,
    Enterprise,
    Industry,
    Ownership,
    Project,
    ProjectStage,
)
from tongxin.cases.services.cases import case_close
from tongxin.cases.services.enterprises import (
    enterprise_arrival_withdraw,
    enterprise_create,
    enterprise_update,
)
from tongxin.cases.services.projects import project_advance, project_create
from tongxin.cases.tests.base import (
    make_case,
    make_code,
    make_enterprise,
    make_event,
    make_project,
)
from tongxin.cases.tests.test_owners_in_step import OwnerTestCase
from tongxin.ledger.closing import correction_approve
from tongxin.ledger.models import Correction, CorrectionKind, RecordStatus, WorkRecord
from tongxin.ledger.owners import OwnedRecordError
from tongxin.ledger.services import record_withdraw

LATE = dt.date(2022, 12, 20)


class LateCaseResultTests(OwnerTestCase):
    def test_a_result_in_a_closed_year_waits_for_a_second_editor(self):
        case = make_case(self, until="feedback", received_on=dt.date(2022, 11, 1))
        self.close_2022()
        with self.assertRaises(ValidationError):
            case_close(actor=self.city_editor, case=case, closed_on=LATE)  # no reason
        request = case_close(actor=self.city_editor, case=case, closed_on=LATE, reason="漏报")
        self.assertIsInstance(request, Correction)
        self.assertEqual(
            (request.kind, request.owner_kind, request.payload["action"]),
            (CorrectionKind.LATE, "cases.case_resolution", "close"),
        )
        self.assertEqual(Case.objects.get(pk=case.pk).state, CaseState.FEEDBACK)
        self.assertFalse(WorkRecord.objects.filter(record_type__code="problem_solved").exists())
        with self.assertRaises(PermissionDenied):
            correction_approve(actor=self.city_editor, correction=request)
        correction_approve(actor=self.second_editor, correction=request)
        case = Case.objects.select_related("resolution_record").get(pk=case.pk)
        self.assertEqual(case.state, CaseState.CLOSED)
        record = case.resolution_record
        self.assertEqual((record.date, record.status), (LATE, RecordStatus.APPROVED))


class LateProjectTests(OwnerTestCase):
    def test_a_project_of_a_closed_years_event_is_created_on_approval(self):
        event = make_event(self)
        investor = make_enterprise(self)
        self.close_2022()
        request = project_create(
            actor=self.city_editor,
            name="补录项目",
            investor=investor,
            unit=self.guanghan,
            event_record=event,
            amount=Decimal("3000000"),
            reason="签约后补报",
        )
        self.assertIsInstance(request, Correction)
        self.assertFalse(Project.objects.exists())
        correction_approve(actor=self.second_editor, correction=request)
        project = Project.objects.select_related("record").get(name="补录项目")
        self.assertEqual(
            (project.record.date, project.record.amount, project.record.status),
            (event.date, Decimal("3000000"), RecordStatus.APPROVED),
        )

    def test_a_stage_reached_in_a_closed_year_is_added_on_approval(self):
        project = make_project(self)
        self.close_2022()
        request = project_advance(
            actor=self.city_editor, project=project, on=LATE, reason="洽谈记录补报"
        )
        self.assertIsInstance(request, Correction)
        self.assertEqual(Project.objects.get(pk=project.pk).stage, ProjectStage.PROMOTED)
        correction_approve(actor=self.second_editor, correction=request)
        project.refresh_from_db()
        self.assertEqual((project.stage, project.talks_on), (ProjectStage.TALKS, LATE))
        stage = WorkRecord.objects.get(record_type__code="project_progress")
        self.assertEqual((stage.date, stage.status), (LATE, RecordStatus.APPROVED))


class LateArrivalTests(OwnerTestCase):
    def create(self, **kwargs):
        return enterprise_create(
            actor=self.city_editor,
            name="补录台资企业",
            credit_code=make_code(9001),
            district=self.shifang,
            industry=Industry.C,
            ownership=Ownership.TAIWAN,
            arrived_on=dt.date(2022, 7, 1),
            **kwargs,
        )

    def test_an_enterprise_arrived_in_a_closed_year_gets_its_record_on_approval(self):
        self.close_2022()
        with self.assertRaises(ValidationError):
            self.create()  # its arrival record needs a reason
        self.assertFalse(Enterprise.objects.filter(name="补录台资企业").exists())
        enterprise = self.create(reason="年底落户，漏报")
        self.assertIsNone(enterprise.arrival_record_id)
        request = Correction.objects.get(owner_kind="cases.enterprise_arrival")
        correction_approve(actor=self.second_editor, correction=request)
        enterprise.refresh_from_db()
        record = enterprise.arrival_record
        self.assertEqual(
            (record.date, record.unit, record.status),
            (dt.date(2022, 7, 1), self.shifang, RecordStatus.APPROVED),
        )


class ArrivalWithdrawTests(OwnerTestCase):
    def test_withdrawing_an_arrival_withdraws_its_record_and_dating_it_again_restores_it(self):
        enterprise = make_enterprise(self)
        record = enterprise.arrival_record
        with self.assertRaises(OwnedRecordError):
            record_withdraw(actor=self.city_editor, record=record)
        enterprise_arrival_withdraw(actor=self.city_editor, enterprise=enterprise, reason="误录")
        enterprise.refresh_from_db()
        record.refresh_from_db()
        self.assertEqual((enterprise.arrived_on, record.status), (None, RecordStatus.WITHDRAWN))
        self.assertTrue(AuditEvent.objects.filter(action="enterprise.arrival_withdraw").exists())
        enterprise_update(
            actor=self.city_editor,
            enterprise=enterprise,
            changes={"arrived_on": dt.date(2022, 8, 1)},
        )
        record.refresh_from_db()
        self.assertEqual((record.date, record.status), (dt.date(2022, 8, 1), RecordStatus.APPROVED))
        self.assertEqual(WorkRecord.objects.filter(record_type__code="new_enterprise").count(), 1)

    def test_in_a_closed_year_the_withdrawal_waits_for_a_second_editor(self):
        enterprise = make_enterprise(self)
        self.close_2022()
        request = enterprise_arrival_withdraw(
            actor=self.city_editor, enterprise=enterprise, reason="误录"
        )
        self.assertEqual(request.kind, CorrectionKind.WITHDRAW)
        self.assertEqual(Enterprise.objects.get(pk=enterprise.pk).arrived_on, dt.date(2022, 6, 1))
        correction_approve(actor=self.second_editor, correction=request)
        enterprise.refresh_from_db()
        self.assertIsNone(enterprise.arrived_on)
        self.assertEqual(enterprise.arrival_record.status, RecordStatus.WITHDRAWN)
