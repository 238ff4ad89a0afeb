import datetime as dt

from django.urls import reverse

from tongxin.assessment.models import RecurringMeeting
from tongxin.assessment.selectors import meetings
from tongxin.assessment.services.meetings import recurring_meeting_create
from tongxin.audit.models import AuditEvent
from tongxin.ledger.tests.base import LedgerTestCase

NOV_2022 = dt.date(2022, 11, 15)


class MeetingTestCase(LedgerTestCase):
    """广汉市 is expected to hold a forum every quarter from 2022; it held them on
    5 March and 1 September (approved), and one in June is only submitted."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.quarterly = recurring_meeting_create(
            actor=cls.city_editor,
            name="广汉市基层统战工作现场推进会",
            unit=cls.guanghan,
            record_type=cls.forum,
            per_year=4,
            start_year=2022,
        )
        cls.march = cls.make_record(title="一季度现场推进会", approve=True)
        cls.make_record(title="二季度现场推进会", date=dt.date(2022, 6, 2), submit=True)
        cls.make_record(title="三季度现场推进会", date=dt.date(2022, 9, 1), approve=True)

    def statuses(self, meeting, year, today):
        found = meetings.meeting_occurrences([meeting], [year], today)[meeting.pk]
        return [(o.label, o.status) for o in found]


class RecurringMeetingTests(MeetingTestCase):
    def test_each_period_is_held_missed_due_or_to_come(self):
        self.assertEqual(
            self.statuses(self.quarterly, 2022, NOV_2022),
            [
                ("2022年一季度", "held"),
                ("2022年二季度", "missed"),
                ("2022年三季度", "held"),
                ("2022年四季度", "due"),
            ],
        )
        self.assertEqual(
            [s for _, s in self.statuses(self.quarterly, 2022, dt.date(2022, 5, 1))],
            ["held", "due", "held", "upcoming"],
        )

    def test_a_held_occurrence_lists_its_records(self):
        found = meetings.meeting_occurrences([self.quarterly], [2022], NOV_2022)[self.quarterly.pk]
        self.assertEqual(found[0].records, [self.march])

    def test_years_before_the_expectation_have_no_occurrences(self):
        self.assertEqual(self.statuses(self.quarterly, 2021, NOV_2022), [])

    def test_twice_a_year_with_a_title_filter(self):
        meeting = recurring_meeting_create(
            actor=None,
            name="领导小组会议",
            unit=self.guanghan,
            record_type=self.forum,
            per_year=2,
            start_year=2022,
            title_contains="三季度",
        )
        self.assertEqual(
            self.statuses(meeting, 2022, dt.date(2023, 1, 5)),
            [("2022年上半年", "missed"), ("2022年下半年", "held")],
        )

    def test_own_unit_or_its_subtree(self):
        self.make_record(
            unit=self.guanghan_town, title="向阳镇推进会", date=dt.date(2022, 5, 5), approve=True
        )
        self.assertEqual(self.statuses(self.quarterly, 2022, NOV_2022)[1][1], "missed")
        RecurringMeeting.objects.filter(pk=self.quarterly.pk).update(scope="subtree")
        self.quarterly.refresh_from_db()
        self.assertEqual(self.statuses(self.quarterly, 2022, NOV_2022)[1][1], "held")

    def test_one_query_of_records_serves_every_meeting(self):
        others = [
            recurring_meeting_create(
                actor=None,
                name=f"会议{n}",
                unit=unit,
                record_type=self.forum,
                per_year=12,
                start_year=2022,
            )
            for n, unit in enumerate([self.shifang, self.city])
        ]
        found = list(
            RecurringMeeting.objects.select_related("unit").filter(
                pk__in=[self.quarterly.pk] + [m.pk for m in others]
            )
        )
        with self.assertNumQueries(1):
            result = meetings.meeting_occurrences(found, [2021, 2022], NOV_2022)
        self.assertEqual(len(result[others[0].pk]), 12)

    def test_missed_and_due_occurrences_reach_the_responsible_units_inbox(self):
        attention = meetings.meeting_missed_list_for(self.guanghan_reporter, NOV_2022)
        self.assertEqual([o.label for o in attention], ["2022年二季度", "2022年四季度"])
        self.assertEqual(meetings.meeting_missed_list_for(self.shifang_reporter, NOV_2022), [])
        # The department's staff get the department's meetings, not the counties'.
        self.assertEqual(meetings.meeting_missed_list_for(self.city_editor, NOV_2022), [])
        recurring_meeting_create(
            actor=None,
            name="市委统战工作领导小组会议",
            unit=self.city,
            record_type=self.forum,
            per_year=2,
            start_year=2022,
        )
        self.assertEqual(
            [
                (o.label, o.status)
                for o in meetings.meeting_missed_list_for(self.city_editor, NOV_2022)
            ],
            [("2022年上半年", "missed"), ("2022年下半年", "due")],
        )
        self.assertEqual(len(meetings.meeting_missed_list_for(self.guanghan_reporter, NOV_2022)), 2)

    def test_creating_an_expectation_is_audited(self):
        event = AuditEvent.objects.get(action="assessment.meeting_create")
        self.assertEqual(event.object_id, str(self.quarterly.pk))


class RecurringMeetingPageTests(MeetingTestCase):
    def test_the_list_and_detail_pages(self):
        self.client.force_login(self.guanghan_reporter)
        page = self.client.get(reverse("assessment:meeting_list"))
        self.assertContains(page, "广汉市基层统战工作现场推进会")
        self.assertNotContains(page, "添加定期会议")
        detail = self.client.get(
            reverse("assessment:meeting_detail", args=[self.quarterly.pk]) + "?year=2022"
        )
        self.assertContains(detail, "一季度现场推进会")
        self.assertContains(detail, "未按期召开")

    def test_an_editor_adds_an_expectation(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("assessment:meeting_create"),
            {
                "name": "什邡市现场推进会",
                "unit": self.shifang.pk,
                "record_type": self.forum.pk,
                "per_year": 4,
                "scope": "own",
                "start_year": 2022,
            },
        )
        meeting = RecurringMeeting.objects.get(name="什邡市现场推进会")
        self.assertRedirects(response, reverse("assessment:meeting_detail", args=[meeting.pk]))

    def test_others_cannot_add_and_administrators_see_nothing(self):
        self.client.force_login(self.leader)
        response = self.client.post(reverse("assessment:meeting_create"), {"name": "x"})
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.sysadmin)
        self.assertEqual(self.client.get(reverse("assessment:meeting_list")).status_code, 403)

    def test_the_inbox_section_lists_the_missed_and_due_occurrences(self):
        from django.template.loader import render_to_string

        html = render_to_string(
            "assessment/_inbox_meetings.html",
            {"missed_meetings": meetings.meeting_missed_list_for(self.guanghan_reporter, NOV_2022)},
        )
        self.assertIn("2022年二季度 · 未按期召开", html)
        self.assertIn("2022年四季度 · 待召开", html)
        self.assertEqual(render_to_string("assessment/_inbox_meetings.html", {}).strip(), "")
