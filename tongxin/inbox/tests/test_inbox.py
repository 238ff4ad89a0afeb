"""The 待办 page and its count are drawn from the sections the apps register
(core/inbox.py); see assessment/tests/test_inbox_count.py for the count itself."""

from unittest import mock

from django.urls import reverse

from tongxin.core.inbox import INBOX_SECTIONS, InboxSection, inbox_sections
from tongxin.inbox import selectors
from tongxin.ledger.models import WorkRecord
from tongxin.ledger.tests.base import LedgerTestCase


class InboxSectionTests(LedgerTestCase):
    def test_every_app_registers_its_sections_in_the_pages_order(self):
        self.assertEqual(
            [s.key for s in inbox_sections()],
            # What needs the user's own action first (issue 19): decisions, records
            # to fix, then the reminders.
            [
                "corrections",
                "to_review",
                "returned",
                "overdue_cases",
                "missed_meetings",
                "drafts",
                "autosaved",
            ],
        )

    def test_the_page_shows_each_users_sections(self):
        self.make_record(title="待审的恳谈会", submit=True)
        self.make_record(title="未交的恳谈会")
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("inbox:inbox"))
        self.assertContains(page, "待审核的记录")
        self.assertContains(page, "待审的恳谈会")
        self.assertNotContains(page, "未交的恳谈会")
        self.client.force_login(self.guanghan_reporter)
        page = self.client.get(reverse("inbox:inbox"))
        self.assertContains(page, "未提交的草稿")
        self.assertContains(page, "未交的恳谈会")
        self.assertNotContains(page, "暂无待办事项。")
        self.client.force_login(self.shifang_reporter)
        self.assertContains(self.client.get("/ledger/inbox/"), "暂无待办事项。")

    def test_a_registered_section_is_listed_and_counted(self):
        record = self.make_record(title="别的应用的事项", approve=True)
        self.addCleanup(INBOX_SECTIONS.pop, "test_other", None)
        self.addCleanup(selectors._INBOX_SQL.clear)
        before = selectors.inbox_count(self.shifang_reporter)
        INBOX_SECTIONS["test_other"] = InboxSection(
            key="test_other",
            title="别的应用",
            order=99,
            template="unused.html",
            items=lambda user, *, limit, today: list(WorkRecord.objects.filter(pk=record.pk)),
            count_rows=lambda user: WorkRecord.objects.filter(pk=record.pk),
        )
        selectors._INBOX_SQL.clear()
        inbox = selectors.inbox_for(self.shifang_reporter)
        self.assertEqual([r.title for r in inbox.test_other], ["别的应用的事项"])
        self.assertEqual(selectors.inbox_count(self.shifang_reporter), before + 1)
        self.assertEqual(inbox.total, before + 1)

    def test_the_count_query_is_compiled_once_per_user_and_day(self):
        selectors._INBOX_SQL.clear()
        self.addCleanup(selectors._INBOX_SQL.clear)
        user = self.city_editor
        user.unit  # noqa: B018 - the unit as the request's user has it loaded
        with mock.patch.object(
            selectors, "_inbox_count_sql", wraps=selectors._inbox_count_sql
        ) as compile_sql:
            selectors.inbox_count(user)
            with self.assertNumQueries(1):
                selectors.inbox_count(user)
        self.assertEqual(compile_sql.call_count, 1)
