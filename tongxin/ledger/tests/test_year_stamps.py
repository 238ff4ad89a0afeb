"""The year tokens the cached indicator passes are keyed on: every change to a year's
approved records, their tags or links must give the year a new token, whatever path
the change takes; other changes must leave it alone (or the cache would never hit)."""

import datetime as dt

from django.db import connection

from tongxin.ledger.models import LinkKind, RecordStatus, Tag, WorkRecord
from tongxin.ledger.services import (
    record_approve,
    record_link_create,
    record_update,
    record_withdraw,
)
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.ledger.yearstamps import ensure_triggers, year_tokens


def token(year: int) -> int | None:
    return year_tokens([year]).get(year)


class YearStampTests(LedgerTestCase):
    def test_approving_a_record_gives_its_year_a_new_token(self):
        record = self.make_record(submit=True)
        before = token(2022)
        record_approve(actor=self.city_editor, record=record)
        self.assertNotEqual(token(2022), before)
        self.assertIsNotNone(token(2022))

    def test_drafts_and_submitted_records_leave_the_token_alone(self):
        self.make_record(approve=True)
        before = token(2022)
        draft = self.make_record(title="草稿", submit=False)
        self.make_record(title="待审核", submit=True)
        record_update(
            actor=self.guanghan_reporter,
            record=draft,
            expected_version=draft.version,
            changes={"title": "改过的草稿"},
        )
        self.assertEqual(token(2022), before)

    def test_moving_an_approved_record_to_another_year_changes_both_years(self):
        # As a correction to a closed year does: the record stays approved.
        record = self.make_record(approve=True)
        self.make_record(title="2021年的记录", date=dt.date(2021, 4, 1), approve=True)
        before = (token(2021), token(2022))
        WorkRecord.objects.filter(pk=record.pk).update(date=dt.date(2021, 6, 1))
        self.assertNotEqual(token(2021), before[0])
        self.assertNotEqual(token(2022), before[1])

    def test_editing_an_approved_record_sends_it_back_and_changes_the_token(self):
        record = self.make_record(approve=True)
        before = token(2022)
        record_update(
            actor=self.city_editor,
            record=record,
            expected_version=record.version,
            changes={"title": "改过的标题"},
        )
        self.assertNotEqual(token(2022), before)

    def test_withdrawing_an_approved_record_changes_the_token(self):
        record = self.make_record(approve=True)
        before = token(2022)
        record_withdraw(actor=self.city_editor, record=record)
        self.assertNotEqual(token(2022), before)

    def test_a_tag_added_or_removed_outside_the_services_changes_the_token(self):
        # The triggers see every path, not only the services.
        record = self.make_record(approve=True)
        tag = Tag.objects.create(name="港澳台侨企业")
        before = token(2022)
        record.tags.add(tag)
        added = token(2022)
        self.assertNotEqual(added, before)
        record.tags.remove(tag)
        self.assertNotEqual(token(2022), added)

    def test_a_link_changes_the_tokens_of_both_ends(self):
        report = self.make_record(
            by=self.city_editor, unit=self.city, record_type=self.report, approve=True
        )
        instruction = self.make_record(
            by=self.city_editor,
            unit=self.city,
            title="批示",
            date=dt.date(2023, 1, 10),
            approve=True,
        )
        before = (token(2022), token(2023))
        record_link_create(
            actor=self.city_editor, source=instruction, target=report, kind=LinkKind.INSTRUCTION_ON
        )
        self.assertNotEqual(token(2022), before[0])
        self.assertNotEqual(token(2023), before[1])

    def test_a_bulk_update_changes_the_token(self):
        self.make_record(approve=True)
        before = token(2022)
        WorkRecord.objects.filter(status=RecordStatus.APPROVED).update(participants=1)
        self.assertNotEqual(token(2022), before)

    def test_the_sqlite_triggers_come_back_after_a_table_remake(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL keeps triggers through ALTER TABLE")
        record = self.make_record(submit=True)
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER ledger_stamp_record_au")
        ensure_triggers(connection)
        before = token(2022)
        record_approve(actor=self.city_editor, record=record)
        self.assertNotEqual(token(2022), before)
