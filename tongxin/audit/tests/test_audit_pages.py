import datetime as dt
import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tongxin.accounts.services.units import unit_update
from tongxin.accounts.services.users import user_password_reset
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_log
from tongxin.testing import CastTestCase


def backdate(event: AuditEvent, days: int) -> None:
    # Only a test may move an event in time; the application never updates one.
    from django.db.models import QuerySet

    from tongxin.audit.chain import audit_bypass

    with audit_bypass(reason="test"):
        QuerySet.update(
            AuditEvent.objects.filter(pk=event.pk), at=timezone.now() - dt.timedelta(days=days)
        )


class AuditListTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        user_password_reset(actor=cls.sysadmin, user=cls.guanghan_reporter)
        unit_update(actor=cls.sysadmin, unit=cls.shifang, name="什邡市（改）")
        with transaction.atomic():
            cls.old = audit_log(actor=cls.city_editor, action="record.create", unit=cls.guanghan)
        backdate(cls.old, 40)

    def get(self, **params):
        self.client.force_login(self.auditor)
        return self.client.get(reverse("audit:event_list"), params)

    def titles(self, response) -> list[str]:
        return [e.action for e in response.context["page"]]

    def test_the_auditor_sees_every_event_newest_first(self):
        response = self.get()
        self.assertEqual(response.context["page"].paginator.count, AuditEvent.objects.count())
        self.assertContains(response, "重置密码")
        self.assertEqual(self.titles(response)[-1], "record.create")

    def test_it_filters_by_actor_unit_action_object_and_time(self):
        self.assertEqual(
            self.titles(self.get(actor="sysadm")), ["unit.update", "user.password_reset"]
        )
        self.assertEqual(
            self.titles(self.get(unit=self.shifang.pk, action="unit.update")), ["unit.update"]
        )
        self.assertIn("record.create", self.titles(self.get(unit=self.guanghan.pk)))
        self.assertEqual(
            self.titles(
                self.get(
                    object_type="accounts.user",
                    object_id=str(self.guanghan_reporter.pk),
                    action="user.",
                )
            ),
            ["user.password_reset", "user.create"],
        )
        month_ago = (timezone.localdate() - dt.timedelta(days=45)).isoformat()
        five_weeks = (timezone.localdate() - dt.timedelta(days=35)).isoformat()
        self.assertEqual(
            self.titles(self.get(since=month_ago, until=five_weeks)), ["record.create"]
        )

    def test_it_exports_the_filtered_events_to_xlsx_and_audits_the_export(self):
        self.client.force_login(self.auditor)
        response = self.client.get(reverse("audit:event_export"), {"actor": "sysadmin"})
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[0][:4], ("时间", "操作人账号", "操作", "操作代码"))
        self.assertEqual([r[3] for r in rows[1:]], ["unit.update", "user.password_reset"])
        export = AuditEvent.objects.get(action="audit.export")
        self.assertEqual(export.actor, self.auditor)
        self.assertEqual(export.after, {"filter": {"actor": "sysadmin"}, "row_count": 2})

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.auditor)
        url = reverse("audit:event_list")
        # session, user, the otp device, count, page, unit choices, session refresh (3),
        # and the names of the page's objects: one query per model (here users, units)
        with self.assertNumQueries(11):
            self.client.get(url)


class PruneAuditTests(CastTestCase):
    def make_events(self):
        with transaction.atomic():
            young = audit_log(action="record.create", actor_name="x")
            old = audit_log(action="record.create", actor_name="y")
            ancient = audit_log(action="record.create", actor_name="z")
        backdate(young, 179)
        backdate(old, 200)
        backdate(ancient, 800)
        return young, old, ancient

    def test_it_never_removes_events_younger_than_180_days(self):
        young, old, ancient = self.make_events()
        out = io.StringIO()
        call_command("pruneaudit", stdout=out)
        self.assertIn("已清理 2 条", out.getvalue())
        self.assertTrue(AuditEvent.objects.filter(pk=young.pk).exists())
        self.assertFalse(AuditEvent.objects.filter(pk__in=[old.pk, ancient.pk]).exists())

    def test_a_shorter_retention_is_refused(self):
        self.make_events()
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(CommandError, "审计日志至少保留180天"):
            call_command("pruneaudit", "--keep-days", "179")
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_the_pruning_is_itself_audited(self):
        self.make_events()
        call_command("pruneaudit", "--keep-days", "365", stdout=io.StringIO())
        event = AuditEvent.objects.get(action="audit.prune")
        self.assertEqual((event.after["keep_days"], event.after["removed"]), (365, 1))
        self.assertEqual(event.actor_name, "tongxin pruneaudit")

    def test_a_dry_run_removes_nothing(self):
        self.make_events()
        out = io.StringIO()
        call_command("pruneaudit", "--dry-run", stdout=out)
        self.assertIn("将清理 2 条", out.getvalue())
        self.assertEqual(AuditEvent.objects.filter(action="record.create").count(), 3)
