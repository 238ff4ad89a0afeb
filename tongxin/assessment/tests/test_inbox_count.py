"""The count beside 待办 in the navigation counts what the inbox lists, missed and
due recurring meetings included, for the responsible unit only."""

from unittest import mock

from django.urls import reverse

from tongxin.assessment.services.meetings import recurring_meeting_create
from tongxin.assessment.tests.test_meetings import MeetingTestCase
from tongxin.inbox import selectors
from tongxin.inbox.selectors import inbox_count, inbox_for


class InboxCountTests(MeetingTestCase):
    def nav_count(self, user) -> int:
        self.client.force_login(user)
        html = self.client.get(reverse("inbox:inbox")).content.decode()
        marker = 'data-testid="inbox-count">'
        if marker not in html:
            return 0
        return int(html.split(marker, 1)[1].split("<", 1)[0])

    def test_missed_meetings_raise_the_responsible_units_count_only(self):
        # 广汉市's quarterly meeting (from the fixture) is missed or due this year
        # and last: today is later than 2022, so nothing of those years is held.
        guanghan = inbox_for(self.guanghan_reporter)
        self.assertTrue(guanghan.missed_meetings)
        self.assertEqual(self.nav_count(self.guanghan_reporter), guanghan.total)
        self.assertEqual(inbox_count(self.guanghan_reporter), guanghan.total)
        shifang_before = self.nav_count(self.shifang_reporter)
        self.assertEqual(shifang_before, inbox_for(self.shifang_reporter).total)
        self.assertEqual(inbox_for(self.shifang_reporter).missed_meetings, [])

        guanghan_before = self.nav_count(self.guanghan_reporter)
        recurring_meeting_create(
            actor=None,
            name="广汉市民营企业家恳谈会",
            unit=self.guanghan,
            record_type=self.forum,
            per_year=2,
            start_year=2022,
        )
        added = len(inbox_for(self.guanghan_reporter).missed_meetings) - len(
            guanghan.missed_meetings
        )
        self.assertGreater(added, 0)
        self.assertEqual(self.nav_count(self.guanghan_reporter), guanghan_before + added)
        self.assertEqual(self.nav_count(self.shifang_reporter), shifang_before)
        # The department's staff are not responsible for a county's meetings.
        self.assertEqual(inbox_for(self.city_editor).missed_meetings, [])
        self.assertEqual(self.nav_count(self.city_editor), inbox_for(self.city_editor).total)

    def test_the_count_follows_the_records_and_the_users_role(self):
        # The count's query is compiled once per user, role, unit and day: what it
        # counts is still read afresh, and another role gets another query.
        before = inbox_count(self.city_editor)
        self.make_record(title="待审", submit=True)
        self.assertEqual(inbox_count(self.city_editor), before + 1)
        editor = type(self.city_editor).objects.select_related("unit").get(pk=self.city_editor.pk)
        editor.role = "leader"
        self.assertEqual(inbox_count(editor), inbox_for(editor).total)

    def test_each_section_is_counted_up_to_the_cap_and_the_navigation_says_99_plus(self):
        for i in range(3):
            self.make_record(by=self.shifang_reporter, title=f"草稿{i}")
        selectors._INBOX_SQL.clear()  # compiled with the cap in force
        self.addCleanup(selectors._INBOX_SQL.clear)
        with mock.patch.object(selectors, "INBOX_COUNT_CAP", 2):
            self.assertEqual(inbox_count(self.shifang_reporter), 2)
        with mock.patch.object(selectors, "inbox_count", return_value=150):
            self.client.force_login(self.shifang_reporter)
            response = self.client.get(reverse("inbox:inbox"))
        self.assertContains(response, 'data-testid="inbox-count">99+<')

    def test_the_count_adds_every_section_of_the_inbox(self):
        self.make_record(title="待审", submit=True)
        self.make_record(title="草稿")
        for user in (self.city_editor, self.guanghan_reporter, self.shifang_reporter):
            with self.subTest(user.username):
                self.assertEqual(inbox_count(user), inbox_for(user).total)

    def test_one_query_when_the_unit_holds_no_recurring_meeting(self):
        user = self.shifang_reporter
        user.unit  # noqa: B018 - the unit as the request's user has it loaded
        with self.assertNumQueries(1):
            inbox_count(user)
        # 广汉市 has one: the meetings and their records, two more.
        user = self.guanghan_reporter
        user.unit  # noqa: B018
        with self.assertNumQueries(3):
            inbox_count(user)
