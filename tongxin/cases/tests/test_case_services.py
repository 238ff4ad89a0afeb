import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.audit.models import AuditEvent
from tongxin.cases import selectors
from tongxin.cases.models import CaseCategory, CaseSource, CaseState, Ownership
from tongxin.cases.services.cases import (
    FORUM_REQUIRED,
    case_assign,
    case_close,
    case_feedback,
    case_receive,
    case_reply,
    case_screen,
    case_start,
)
from tongxin.cases.tests.base import CasesTestCase, make_case, make_enterprise, make_forum
from tongxin.ledger.models import LinkKind, RecordLink, RecordStatus, WorkRecord


class CaseReceiveTests(CasesTestCase):
    def receive(self, **overrides):
        values = dict(
            actor=self.city_editor,
            enterprise=make_enterprise(self),
            source=CaseSource.HOTLINE,
            category=CaseCategory.objects.get(name="融资信贷"),
            title="请求协调贷款",
            received_on=dt.date(2022, 5, 13),  # a Friday
        )
        values.update(overrides)
        return case_receive(**values)

    def test_deadlines_count_working_days_from_receipt(self):
        case = self.receive()
        self.assertEqual(case.respond_by, dt.date(2022, 5, 16))  # Monday
        self.assertEqual(case.resolve_by, dt.date(2022, 5, 24))  # 7 working days
        self.assertEqual(case.state, CaseState.RECEIVED)
        self.assertEqual(list(case.events.values_list("action", flat=True)), ["receive"])
        self.assertTrue(AuditEvent.objects.filter(action="case.receive").exists())

    def test_a_category_with_other_days_gives_other_deadlines(self):
        category = CaseCategory.objects.get(name="审批服务")
        self.assertEqual(self.receive(category=category).resolve_by, dt.date(2022, 5, 27))

    def test_a_forum_case_needs_a_forum_record(self):
        with self.assertRaises(ValidationError) as ctx:
            self.receive(source=CaseSource.FORUM)
        self.assertEqual(ctx.exception.message_dict["forum_record"], [FORUM_REQUIRED])

    def test_a_forum_case_refuses_a_record_that_is_no_forum(self):
        from tongxin.ledger.models import RecordType
        from tongxin.ledger.services import record_create

        meeting = record_create(
            actor=self.city_editor,
            unit=self.city,
            record_type=RecordType.objects.get(code="meeting"),
            date=dt.date(2022, 5, 1),
            title="会议",
        )
        with self.assertRaises(ValidationError):
            self.receive(source=CaseSource.FORUM, forum_record=meeting)

    def test_only_the_department_receives_cases(self):
        for actor in (self.guanghan_reporter, self.leader):
            with self.subTest(actor.username), self.assertRaises(PermissionDenied):
                self.receive(actor=actor)


class CaseFlowTests(CasesTestCase):
    def test_the_whole_flow_with_an_unsatisfied_feedback(self):
        forum = make_forum(self)
        enterprise = make_enterprise(self, district=self.guanghan)
        case = make_case(self, enterprise=enterprise, forum=forum)
        editor = self.city_editor
        case = case_screen(actor=editor, case=case, accepted=True)
        case = case_assign(
            actor=editor, case=case, lead_unit=self.guanghan, assisting_units=[self.shifang]
        )
        # The assisting county's reporter may act too.
        case = case_start(actor=self.shifang_reporter, case=case)
        case = case_reply(actor=self.guanghan_reporter, case=case, reply="已对接。")
        case = case_feedback(actor=editor, case=case, satisfaction="unsatisfied")
        self.assertEqual(case.state, CaseState.IN_PROGRESS)
        case = case_reply(actor=self.guanghan_reporter, case=case, reply="已放贷。")
        case = case_feedback(actor=editor, case=case, satisfaction="basically")
        self.assertEqual(case.state, CaseState.FEEDBACK)
        case = case_close(actor=editor, case=case, closed_on=dt.date(2022, 6, 1))
        self.assertEqual(case.state, CaseState.CLOSED)
        actions = list(case.events.values_list("action", flat=True))
        self.assertEqual(
            actions,
            [
                "receive",
                "screen",
                "assign",
                "start",
                "reply",
                "feedback",
                "reply",
                "feedback",
                "close",
            ],
        )
        audited = AuditEvent.objects.filter(
            object_type="cases.case", object_id=str(case.pk)
        ).count()
        self.assertEqual(audited, len(actions))

    def test_closing_records_the_resolution_in_the_ledger(self):
        forum = make_forum(self)
        case = make_case(self, forum=forum, until="closed")
        record = case.resolution_record
        self.assertEqual(record.record_type.code, "problem_solved")
        self.assertEqual(record.status, RecordStatus.APPROVED)
        self.assertEqual(record.unit, case.lead_unit)
        self.assertEqual(record.count, 1)
        self.assertEqual(record.approved_by, self.city_editor)
        # Replied the day it came in, and the enterprise was satisfied.
        self.assertEqual(
            set(record.tags.values_list("name", flat=True)), {"港澳台侨企业", "按期办结", "满意"}
        )
        self.assertTrue(
            RecordLink.objects.filter(source=record, target=forum, kind=LinkKind.RAISED_AT).exists()
        )

    def test_a_private_enterprise_is_tagged_as_such_and_needs_no_forum(self):
        enterprise = make_enterprise(self, ownership=Ownership.PRIVATE)
        case = make_case(self, enterprise=enterprise, until="closed")
        tags = set(case.resolution_record.tags.values_list("name", flat=True))
        self.assertIn("民营企业", tags)
        self.assertNotIn("港澳台侨企业", tags)
        self.assertFalse(RecordLink.objects.exists())

    def test_a_case_not_accepted_needs_a_reason_and_goes_no_further(self):
        case = make_case(self)
        with self.assertRaises(ValidationError):
            case_screen(actor=self.city_editor, case=case, accepted=False)
        case = case_screen(
            actor=self.city_editor, case=case, accepted=False, reason="属司法程序事项"
        )
        self.assertEqual(case.state, CaseState.NOT_ACCEPTED)
        self.assertEqual(case.not_accepted_reason, "属司法程序事项")
        with self.assertRaises(ValidationError):
            case_assign(actor=self.city_editor, case=case, lead_unit=self.guanghan)

    def test_the_lead_unit_cannot_also_assist(self):
        case = make_case(self, until="accepted")
        with self.assertRaises(ValidationError):
            case_assign(
                actor=self.city_editor,
                case=case,
                lead_unit=self.guanghan,
                assisting_units=[self.guanghan],
            )

    def test_an_assigned_case_may_be_reassigned(self):
        case = make_case(self, until="assigned", lead=self.guanghan)
        case = case_assign(actor=self.city_editor, case=case, lead_unit=self.shifang)
        self.assertEqual(case.lead_unit, self.shifang)

    def test_a_third_county_a_leader_and_an_unrelated_reporter_cannot_act(self):
        enterprise = make_enterprise(self, district=self.shifang)
        case = make_case(self, enterprise=enterprise, lead=self.shifang, until="assigned")
        for actor in (self.guanghan_reporter, self.leader):
            with self.subTest(actor.username), self.assertRaises(PermissionDenied):
                case_start(actor=actor, case=case)

    def test_replying_needs_text_and_the_right_state(self):
        case = make_case(self, until="assigned")
        with self.assertRaises(ValidationError):
            case_reply(actor=self.city_editor, case=case, reply="答复")
        case = case_start(actor=self.city_editor, case=case)
        with self.assertRaises(ValidationError):
            case_reply(actor=self.city_editor, case=case, reply="  ")

    def test_a_case_is_closed_only_after_a_satisfied_feedback(self):
        case = make_case(self, until="replied")
        with self.assertRaises(ValidationError):
            case_close(actor=self.city_editor, case=case)
        self.assertFalse(WorkRecord.objects.filter(record_type__code="problem_solved").exists())

    def test_a_reporter_cannot_record_feedback_or_close(self):
        case = make_case(self, until="replied", lead=self.shifang)
        with self.assertRaises(PermissionDenied):
            case_feedback(actor=self.shifang_reporter, case=case, satisfaction="satisfied")


class CaseVisibilityTests(CasesTestCase):
    def test_lead_and_assisting_counties_see_it_a_third_does_not(self):
        enterprise = make_enterprise(self, district=self.guanghan)
        case = make_case(
            self,
            enterprise=enterprise,
            lead=self.guanghan,
            assisting=[self.guanghan_town],
            until="assigned",
        )
        third = make_case(self, enterprise=enterprise, lead=self.shifang, until="assigned")
        self.assertEqual(list(selectors.case_queryset(self.guanghan_reporter)), [case])
        self.assertEqual(list(selectors.case_queryset(self.shifang_reporter)), [third])
        self.assertEqual(selectors.case_queryset(self.leader).count(), 2)
        self.assertEqual(selectors.case_queryset(self.auditor).count(), 0)

    def test_an_assisting_county_sees_a_case_led_elsewhere(self):
        case = make_case(self, lead=self.shifang, assisting=[self.guanghan], until="assigned")
        self.assertEqual(list(selectors.case_queryset(self.guanghan_reporter)), [case])

    def test_an_unassigned_case_is_the_departments_alone(self):
        make_case(self)
        self.assertEqual(selectors.case_queryset(self.shifang_reporter).count(), 0)
        self.assertEqual(selectors.case_queryset(self.city_editor).count(), 1)


class OverdueAndFiguresTests(CasesTestCase):
    def test_overdue_cases_go_to_whoever_must_act(self):
        may = dt.date(2022, 5, 13)
        waiting = make_case(self, received_on=may, title="待受理")
        working = make_case(
            self,
            received_on=may,
            lead=self.guanghan,
            assisting=[self.shifang],
            until="in_progress",
            title="办理中",
        )
        make_case(self, received_on=may, until="replied", title="已答复")
        today = dt.date(2022, 5, 25)
        self.assertEqual(set(selectors.case_overdue_list(today=today)), {waiting, working})
        self.assertEqual(
            list(selectors.case_overdue_list_for(self.city_editor, today=today)), [waiting]
        )
        self.assertEqual(
            list(selectors.case_overdue_list_for(self.guanghan_reporter, today=today)), [working]
        )
        # The assisting county is not the one chased.
        self.assertEqual(
            selectors.case_overdue_list_for(self.shifang_reporter, today=today).count(), 0
        )
        self.assertEqual(selectors.case_overdue_list_for(self.leader, today=today).count(), 0)
        # The day of the deadline is not yet overdue.
        self.assertEqual(list(selectors.case_overdue_list(today=dt.date(2022, 5, 24))), [waiting])

    def test_figures_count_replies_timeliness_and_satisfaction(self):
        make_case(self, until="closed")
        make_case(self, until="replied")
        make_case(self)
        late = make_case(self, received_on=dt.date(2022, 1, 4), until="replied")
        figures = selectors.case_figures(selectors.case_queryset(self.leader))
        self.assertEqual(figures.received, 4)
        self.assertEqual(figures.accepted, 3)
        self.assertEqual(figures.replied, 3)
        self.assertEqual(figures.replied_on_time, 2)
        self.assertEqual(figures.with_feedback, 1)
        self.assertEqual(figures.satisfied, 1)
        self.assertEqual(figures.closed, 1)
        self.assertEqual(figures.satisfaction_rate, 1.0)
        self.assertAlmostEqual(figures.on_time_rate, 0.6667)
        self.assertEqual(late.state, CaseState.REPLIED)


class ClosedYearTests(CasesTestCase):
    def test_a_case_is_not_closed_into_a_year_already_signed_off(self):
        from tongxin.ledger.closing import year_close

        case = make_case(self, until="feedback")
        year_close(actor=self.city_editor, year=2022)
        with self.assertRaises(ValidationError):
            case_close(actor=self.city_editor, case=case, closed_on=dt.date(2022, 6, 1))
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.FEEDBACK)
        self.assertFalse(WorkRecord.objects.filter(record_type__code="problem_solved").exists())
