"""Issue 18: records written by cases stay in step with their owners (a credit line, a
closed case, a project), in open and closed years. Every test ends with
`tongxin check-owners` clean (CasesTestCase)."""

import datetime as dt
import io
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.cases.models import Case, CaseState, CreditLine, CreditMeeting, ProjectStage
from tongxin.cases.selectors import case_overdue_list_for, credit_totals
from tongxin.cases.services import credit as credit_services
from tongxin.cases.services.cases import case_close, case_reopen
from tongxin.cases.services.projects import project_advance, project_stage_undo
from tongxin.cases.tests.base import CasesTestCase, make_case, make_enterprise, make_project
from tongxin.indicators.services import indicator_create
from tongxin.ledger.closing import correction_approve, correction_request_late_item, year_close
from tongxin.ledger.models import (
    Correction,
    CorrectionKind,
    CorrectionStatus,
    RecordStatus,
    RecordType,
    WorkRecord,
)
from tongxin.ledger.owners import OwnedRecordError, owners_check
from tongxin.ledger.services import record_update, record_withdraw
from tongxin.ledger.tests.owners_checked import check_owners
from tongxin.testing import PASSWORD


def indicators_json(year: int) -> dict:
    out = io.StringIO()
    call_command("indicators", str(year), "--json", stdout=out)
    return {row["code"]: row["value"] for row in json.loads(out.getvalue())}


class OwnerTestCase(CasesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second_editor = user_create(
            actor=None,
            username="editor2",
            display_name="张编辑",
            role=Role.EDITOR,
            unit=cls.economy_section,
            password=PASSWORD,
        )
        types = {t.code: t for t in RecordType.objects.all()}
        cls.credit_sum = indicator_create(
            actor=None,
            code="credit",
            name="授信签约金额",
            kind="sum",
            measure="amount",
            unit_word="元",
            record_types=[types["credit"]],
        )
        accepted = indicator_create(
            actor=None,
            code="accepted",
            name="受理诉求",
            kind="count",
            unit_word="件",
            record_types=[types["request_accepted"]],
        )
        solved = indicator_create(
            actor=None,
            code="solved",
            name="解决诉求",
            kind="count",
            unit_word="件",
            record_types=[types["problem_solved"]],
        )
        satisfied = indicator_create(
            actor=None,
            code="satisfied",
            name="满意的诉求",
            kind="count",
            unit_word="件",
            record_types=[types["problem_solved"]],
            tags=["满意"],
        )
        cls.reply_rate = indicator_create(
            actor=None,
            code="reply_rate",
            name="诉求答复率",
            kind="ratio",
            unit_word="%",
            numerator=solved,
            denominator=accepted,
        )
        indicator_create(
            actor=None,
            code="satisfaction_rate",
            name="诉求满意率",
            kind="ratio",
            unit_word="%",
            numerator=satisfied,
            denominator=solved,
        )

    def meeting(self, date=dt.date(2022, 8, 18)):
        return credit_services.credit_meeting_create(
            actor=self.city_editor, title="港澳台侨企业银企对接会", date=date, unit=self.city
        )

    def line(self, meeting, amount="150000000", name="德阳测试精工"):
        return credit_services.credit_line_add(
            actor=self.city_editor,
            meeting=meeting,
            enterprise=make_enterprise(self, name=name),
            bank="德阳银行",
            amount=Decimal(amount),
        )

    def close_2022(self):
        year_close(actor=self.city_editor, year=2022)


class LateCreditLineTests(OwnerTestCase):
    """Story 1: a credit line found in March for 2022, after 2022 was signed off."""

    def test_a_late_line_is_requested_and_enters_when_a_second_editor_approves(self):
        meeting = self.meeting()
        self.line(meeting)
        late = make_enterprise(self, name="德阳补录精工")
        self.close_2022()
        self.client.force_login(self.city_editor)
        url = reverse("cases:credit_line_add", args=[meeting.pk])
        form = {"enterprise": late.pk, "bank": "农业银行", "amount": "0.5", "amount_unit": "亿元"}
        # No reason: refused, nothing asked.
        self.client.post(url, form)
        self.assertFalse(Correction.objects.exists())
        response = self.client.post(url, {**form, "reason": "三月发现漏报的2022年授信"})
        self.assertRedirects(response, reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        correction = Correction.objects.get()
        self.assertEqual(correction.kind, CorrectionKind.LATE)
        self.assertEqual(correction.owner_kind, "cases.credit_line")
        self.assertEqual(Decimal(correction.payload["amount"]), Decimal("50000000"))
        # Nothing entered yet: the meeting, the credit page and the indicator still agree.
        self.assertEqual(CreditLine.objects.count(), 1)
        self.assertEqual(indicators_json(2022)["credit"], 150000000)
        page = self.client.get(reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        self.assertContains(page, "三月发现漏报的2022年授信")  # pending, on the page
        # The requester cannot approve it; a second editor does.
        with self.assertRaises(PermissionDenied):
            correction_approve(actor=self.city_editor, correction=correction)
        correction_approve(actor=self.second_editor, correction=correction)
        correction.refresh_from_db()
        self.assertEqual(correction.status, CorrectionStatus.APPROVED)
        line = CreditLine.objects.get(enterprise=late)
        self.assertEqual(line.amount, Decimal("50000000"))
        self.assertEqual(correction.record, line.record)
        self.assertEqual(line.record.status, RecordStatus.APPROVED)
        self.assertEqual(line.record.date, dt.date(2022, 8, 18))
        # Meeting total, credit page and `tongxin indicators 2022 --json` agree.
        self.assertEqual(indicators_json(2022)["credit"], 200000000)
        self.assertEqual(credit_totals(self.city_editor, year=2022)["amount"], Decimal("2E+8"))
        page = self.client.get(reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        self.assertContains(page, "200,000,000")
        self.assertNotContains(page, "三月发现漏报的2022年授信")  # no longer pending
        self.assertEqual(owners_check(2022), [])

    def test_a_late_ledger_item_for_the_import_is_created_only_on_approval(self):
        self.close_2022()
        correction = correction_request_late_item(
            actor=self.shifang_reporter,
            unit=self.shifang,
            record_type=RecordType.objects.get(code="credit"),
            date=dt.date(2022, 11, 3),
            title="什邡某企业获授信（补录）",
            reason="导入时发现的2022年记录",
            amount=Decimal("3000000"),
        )
        self.assertIsNone(correction.record)
        self.assertEqual(indicators_json(2022)["credit"], 0)
        correction_approve(actor=self.city_editor, correction=correction)
        correction.refresh_from_db()
        self.assertEqual(correction.record.status, RecordStatus.APPROVED)
        self.assertEqual(correction.record.created_by, self.shifang_reporter)
        self.assertEqual(indicators_json(2022)["credit"], 3000000)


class CorrectedAmountTests(OwnerTestCase):
    """Story 2: the amount of a line is corrected through the line, never the ledger."""

    def test_the_ledger_refuses_to_change_a_lines_record_and_names_the_line(self):
        line = self.line(self.meeting(dt.date(2023, 3, 1)))
        record = line.record
        with self.assertRaises(OwnedRecordError) as caught:
            record_update(
                actor=self.city_editor,
                record=record,
                expected_version=record.version,
                changes={"amount": Decimal("200000000")},
            )
        self.assertIn(
            "该记录由授信签约“德阳测试精工获德阳银行授信”生成", caught.exception.messages[0]
        )
        self.assertIn("请在授信页面修改", caught.exception.messages[0])
        with self.assertRaises(OwnedRecordError):
            record_withdraw(actor=self.city_editor, record=record)
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("ledger:record_detail", args=[record.pk]))
        meeting_url = reverse("cases:credit_meeting_detail", args=[line.meeting_id])
        self.assertContains(
            page, f'<a href="{meeting_url}">授信签约“德阳测试精工获德阳银行授信”</a>'
        )
        self.assertNotContains(page, reverse("ledger:record_edit", args=[record.pk]))
        response = self.client.get(reverse("ledger:record_edit", args=[record.pk]), follow=True)
        self.assertContains(response, "请在授信页面修改")
        self.client.post(reverse("ledger:record_action", args=[record.pk]), {"action": "withdraw"})
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.APPROVED)

    def test_amending_a_line_changes_line_and_record_together(self):
        line = self.line(self.meeting(dt.date(2023, 3, 1)))
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("cases:credit_line_amend", args=[line.pk]),
            {"amount": "2", "amount_unit": "亿元", "reason": "合同金额为2亿"},
        )
        line.refresh_from_db()
        line.record.refresh_from_db()
        self.assertEqual(line.amount, Decimal("200000000"))
        self.assertEqual(line.record.amount, Decimal("200000000"))
        self.assertEqual(line.record.status, RecordStatus.APPROVED)
        self.assertEqual(indicators_json(2023)["credit"], 200000000)

    def test_in_a_closed_year_the_amendment_waits_for_a_second_editor(self):
        line = self.line(self.meeting())
        self.close_2022()
        correction = credit_services.credit_line_amend(
            actor=self.city_editor, line=line, amount=Decimal("200000000"), reason="合同为2亿"
        )
        self.assertIsInstance(correction, Correction)
        self.assertEqual(correction.record, line.record)
        line.refresh_from_db()
        self.assertEqual(line.amount, Decimal("150000000"))
        with self.assertRaises(PermissionDenied):
            correction_approve(actor=self.city_editor, correction=correction)
        correction_approve(actor=self.second_editor, correction=correction)
        line.refresh_from_db()
        line.record.refresh_from_db()
        self.assertEqual(line.amount, Decimal("200000000"))
        self.assertEqual(line.record.amount, Decimal("200000000"))
        self.assertEqual(line.record.status, RecordStatus.APPROVED)
        self.assertEqual(indicators_json(2022)["credit"], 200000000)
        self.assertEqual(credit_totals(self.city_editor, year=2022)["amount"], Decimal("2E+8"))

    def test_withdrawing_a_line_withdraws_its_record_and_leaves_the_totals(self):
        meeting = self.meeting(dt.date(2023, 3, 1))
        line = self.line(meeting)
        self.line(meeting, amount="50000000", name="德阳第二精工")
        credit_services.credit_line_withdraw(actor=self.city_editor, line=line, reason="重复登记")
        line.refresh_from_db()
        self.assertEqual(line.record.status, RecordStatus.WITHDRAWN)
        self.assertEqual(indicators_json(2023)["credit"], 50000000)
        self.assertEqual(credit_totals(self.city_editor, year=2023)["amount"], Decimal("5E+7"))
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("cases:credit_meeting_detail", args=[meeting.pk]))
        self.assertContains(page, '<dd data-testid="total">50,000,000')

    def test_a_record_changed_behind_its_owners_back_is_reported(self):
        line = self.line(self.meeting())
        self.assertEqual(check_owners(), "")
        WorkRecord.objects.filter(pk=line.record_id).update(amount=Decimal("200000000"))
        self.owners_may_disagree = True
        report = check_owners()
        self.assertIn("授信签约“德阳测试精工获德阳银行授信”", report)
        self.assertIn("金额不一致", report)
        # A unit disagreement names the units, not their ids.
        WorkRecord.objects.filter(pk=line.record_id).update(unit=self.shifang)
        self.assertIn("什邡市", check_owners())
        # The command lists it and exits 1 (run_from_argv turns CommandError's
        # returncode into the exit status).
        out = io.StringIO()
        with self.assertRaises(CommandError) as failed:
            call_command("check-owners", "--year", "2022", stdout=out)
        self.assertEqual(failed.exception.returncode, 1)
        self.assertIn("金额不一致", out.getvalue())
        call_command("check-owners", "--year", "2021")  # another year: clean


class ReopenedCaseTests(OwnerTestCase):
    """Story 3: a closed case reopened; the rates and the case page agree."""

    def closed_case(self, **kwargs):
        case = make_case(self, until="feedback", **kwargs)
        return case_close(actor=self.city_editor, case=case, closed_on=kwargs.get("received_on"))

    def test_reopening_takes_the_solved_record_out_and_back_into_the_inbox(self):
        case = self.closed_case()
        year = case.resolution_record.date.year
        other = self.closed_case(title="用地指标")
        self.assertEqual(indicators_json(year)["reply_rate"], 100)
        self.client.force_login(self.city_editor)
        url = reverse("cases:case_action", args=[case.pk])
        self.client.post(url, {"action": "reopen", "reason": ""})  # a reason is required
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.CLOSED)
        self.client.post(url, {"action": "reopen", "reason": "企业反映贷款仍未到位"})
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.IN_PROGRESS)
        self.assertEqual(case.resolution_record.status, RecordStatus.WITHDRAWN)
        # The rates follow the case: one of two accepted requests solved.
        rates = indicators_json(year)
        self.assertEqual(rates["reply_rate"], 50)
        self.assertEqual(rates["solved"], 1)
        page = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertContains(page, "企业反映贷款仍未到位")
        self.assertContains(page, CaseState.IN_PROGRESS.label)
        # Back in the 待办 of its lead unit.
        self.assertIn(case, case_overdue_list_for(self.shifang_reporter))
        self.assertNotIn(other, case_overdue_list_for(self.shifang_reporter))
        # The reply rate's drill-down lists its numerator and denominator.
        drill = self.client.get(
            reverse("indicators:drilldown", args=["reply_rate", self.city.pk]),
            {"period": str(year)},
        )
        self.assertContains(drill, "分子")
        self.assertContains(drill, other.resolution_record.title)
        self.assertContains(drill, "分母")
        # Withdrawing the solved record in the ledger is refused: the case owns it.
        with self.assertRaises(ValidationError):
            record_withdraw(actor=self.city_editor, record=other.resolution_record)
        self.assertEqual(indicators_json(year)["reply_rate"], 50)

    def test_closing_a_reopened_case_again_brings_its_one_record_back(self):
        case = self.closed_case()
        record_pk = case.resolution_record_id
        case_reopen(actor=self.city_editor, case=case, reason="仍未解决")
        from tongxin.cases.services.cases import case_feedback, case_reply

        case = case_reply(actor=self.city_editor, case=Case.objects.get(pk=case.pk), reply="已放贷")
        case = case_feedback(actor=self.city_editor, case=case, satisfaction="satisfied")
        case = case_close(actor=self.city_editor, case=case)
        self.assertEqual(case.resolution_record_id, record_pk)
        case.resolution_record.refresh_from_db()
        self.assertEqual(case.resolution_record.status, RecordStatus.APPROVED)
        self.assertEqual(WorkRecord.objects.filter(record_type__code="problem_solved").count(), 1)
        self.assertIsNone(case.reopened_at)

    def test_in_a_closed_year_a_reopening_is_a_correction_until_approved(self):
        case = self.closed_case(received_on=dt.date(2022, 3, 1))
        self.assertEqual(indicators_json(2022)["reply_rate"], 100)
        self.close_2022()
        correction = case_reopen(actor=self.city_editor, case=case, reason="仍未解决")
        self.assertIsInstance(correction, Correction)
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.CLOSED)
        correction_approve(actor=self.second_editor, correction=correction)
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.IN_PROGRESS)
        self.assertEqual(case.resolution_record.status, RecordStatus.WITHDRAWN)
        self.assertEqual(indicators_json(2022)["reply_rate"], 0)


class ProjectStageTests(OwnerTestCase):
    def test_undoing_a_stage_withdraws_its_record_with_it(self):
        project = make_project(self, amount=Decimal("80000000"))
        project = project_advance(actor=self.city_editor, project=project, on=dt.date(2022, 10, 1))
        stage_record = WorkRecord.objects.get(record_type__code="project_progress")
        with self.assertRaises(OwnedRecordError):
            record_withdraw(actor=self.city_editor, record=stage_record)
        project = project_stage_undo(actor=self.city_editor, project=project, reason="误点推进")
        self.assertEqual(project.stage, ProjectStage.PROMOTED)
        self.assertIsNone(project.talks_on)
        stage_record.refresh_from_db()
        self.assertEqual(stage_record.status, RecordStatus.WITHDRAWN)


class BehindTheBackTests(OwnerTestCase):
    def test_a_stage_record_or_solved_record_withdrawn_directly_is_reported(self):
        project = make_project(self)
        project_advance(actor=self.city_editor, project=project, on=dt.date(2023, 1, 5))
        case = make_case(self, until="closed")
        self.assertEqual(check_owners(), "")
        WorkRecord.objects.filter(record_type__code="project_progress").update(
            status=RecordStatus.WITHDRAWN
        )
        WorkRecord.objects.filter(pk=case.resolution_record_id).update(
            status=RecordStatus.WITHDRAWN
        )
        self.owners_may_disagree = True
        report = check_owners()
        self.assertIn("洽谈中阶段不一致，本身为“已到达”，记录为“未到达”", report)
        self.assertIn("企业诉求“融资难，请求协调银行”（办结）", report)


class MeetingTotalsTests(OwnerTestCase):
    def test_a_meeting_of_an_open_year_takes_lines_directly(self):
        meeting = self.meeting(dt.date(2023, 5, 1))
        line = self.line(meeting)
        self.assertIsInstance(line, CreditLine)
        self.assertFalse(CreditMeeting.objects.filter(date__year=2022).exists())


class ProjectPageTests(OwnerTestCase):
    def test_the_project_page_undoes_the_last_stage_with_a_reason(self):
        project = make_project(self)
        project_advance(actor=self.city_editor, project=project, on=dt.date(2023, 1, 5))
        self.client.force_login(self.city_editor)
        url = reverse("cases:project_stage_undo", args=[project.pk])
        self.client.post(url, {"reason": ""})
        project.refresh_from_db()
        self.assertEqual(project.stage, ProjectStage.TALKS)
        self.client.post(url, {"reason": "洽谈尚未开始"})
        project.refresh_from_db()
        self.assertEqual(project.stage, ProjectStage.PROMOTED)


class ApiRefusalTests(OwnerTestCase):
    def test_the_api_refuses_to_change_a_lines_record_and_names_the_line(self):
        from tongxin.api.tests.base import bearer

        line = self.line(self.meeting(dt.date(2023, 3, 1)))
        response = self.client.patch(
            f"/api/v1/records/{line.record_id}/",
            data=json.dumps({"version": line.record.version, "amount": "1"}),
            content_type="application/json",
            headers=bearer(self.city_editor),
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("请在授信页面修改", response.content.decode())
        line.record.refresh_from_db()
        self.assertEqual(line.record.amount, Decimal("150000000"))
