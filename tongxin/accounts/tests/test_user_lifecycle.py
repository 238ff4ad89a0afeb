from django.core.exceptions import ValidationError
from django.urls import reverse

from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create, user_deactivate
from tongxin.audit.models import AuditEvent
from tongxin.inbox.selectors import inbox_for
from tongxin.ledger.models import FormDraft, RecordStatus, WorkRecord
from tongxin.ledger.services import form_draft_save, record_return
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.testing import PASSWORD, CastTestCase


class AccountPagesTests(CastTestCase):
    def test_the_system_administrator_creates_an_account_without_a_role(self):
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("accounts:user_create"),
            {"username": "wangfang", "display_name": "王芳", "unit": self.shifang.pk},
        )
        password = response.context["password"]
        self.assertContains(response, password)
        account = User.objects.get(username="wangfang")
        self.assertEqual((account.role, account.unit), (Role.NONE, self.shifang))
        self.assertTrue(account.must_change_password)
        self.assertTrue(account.check_password(password))
        self.assertEqual(
            set(
                AuditEvent.objects.filter(object_id=str(account.pk)).values_list(
                    "action", flat=True
                )
            ),
            {"user.create", "user.password_reset"},
        )

    def test_a_taken_username_is_refused_on_the_page(self):
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("accounts:user_create"),
            {"username": "gh", "display_name": "重复", "unit": self.shifang.pk},
        )
        self.assertContains(response, "用户名“gh”已被使用")

    def test_a_reset_shows_a_temporary_password_once_and_forces_a_change(self):
        self.client.force_login(self.sysadmin)
        url = reverse("accounts:user_password_reset", args=[self.guanghan_reporter.pk])
        response = self.client.post(url)
        password = response.context["password"]
        self.assertContains(response, "只显示这一次")
        user = User.objects.get(pk=self.guanghan_reporter.pk)
        self.assertTrue(user.must_change_password)
        self.assertTrue(user.check_password(password))
        self.assertFalse(user.check_password(PASSWORD))
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_the_system_administrator_edits_and_lists_accounts(self):
        self.client.force_login(self.sysadmin)
        self.client.post(
            reverse("accounts:user_edit", args=[self.guanghan_reporter.pk]),
            {"display_name": "张丽", "unit": self.guanghan_town.pk},
        )
        user = User.objects.get(pk=self.guanghan_reporter.pk)
        self.assertEqual((user.display_name, user.unit), ("张丽", self.guanghan_town))
        response = self.client.get(reverse("accounts:user_list"), {"q": "张"})
        self.assertContains(response, "张丽")
        self.assertNotContains(response, "什邡填报员")

    def test_an_unknown_account_is_404(self):
        self.client.force_login(self.sysadmin)
        self.assertEqual(
            self.client.get(reverse("accounts:user_detail", args=[99999])).status_code, 404
        )

    def test_units_are_created_and_edited_by_the_system_administrator(self):
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("accounts:unit_create"),
            {
                "code": "510626",
                "name": "罗江区",
                "kind": "county",
                "parent": self.city.pk,
                "sort_order": 3,
                "is_active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        unit = self.city.children.get(code="510626")
        self.client.post(
            reverse("accounts:unit_edit", args=[unit.pk]),
            {
                "code": "ignored",
                "name": "罗江区（新）",
                "kind": "county",
                "parent": self.city.pk,
                "sort_order": 3,
                "is_active": "on",
            },
        )
        unit.refresh_from_db()
        self.assertEqual((unit.code, unit.name), ("510626", "罗江区（新）"))


class DeactivationTests(LedgerTestCase):
    def setUp(self):
        self.successor = user_create(
            actor=None,
            username="gh2",
            display_name="广汉接任者",
            role=Role.REPORTER,
            unit=self.guanghan,
            password=PASSWORD,
        )
        gh = self.guanghan_reporter
        self.draft = self.make_record(by=gh, title="草稿")
        self.submitted = self.make_record(by=gh, title="待审核", submit=True)
        self.returned = self.make_record(by=gh, title="被退回", submit=True)
        record_return(actor=self.city_editor, record=self.returned, reason="补充材料")
        self.approved = self.make_record(by=gh, title="已通过", approve=True)
        form_draft_save(actor=gh, record=None, data={"title": "写了一半"})

    def test_it_hands_open_items_to_the_successor_and_keeps_the_rest(self):
        handed = user_deactivate(
            actor=self.sysadmin, user=self.guanghan_reporter, successor=self.successor
        )
        self.assertEqual(handed, {"ledger": 3})
        for record in (self.draft, self.submitted, self.returned):
            record.refresh_from_db()
            self.assertEqual(record.created_by, self.successor)
        self.approved.refresh_from_db()
        self.assertEqual(self.approved.created_by, self.guanghan_reporter)
        self.assertEqual(WorkRecord.objects.count(), 4)  # nothing removed
        self.assertEqual(FormDraft.objects.get().user, self.successor)

        inbox = inbox_for(self.successor)
        self.assertEqual([r.title for r in inbox.drafts], ["草稿"])
        self.assertEqual([r.title for r in inbox.returned], ["被退回"])

        leaver = User.objects.get(pk=self.guanghan_reporter.pk)
        self.assertFalse(leaver.is_active)
        self.assertEqual(leaver.successor, self.successor)
        event = AuditEvent.objects.get(action="user.deactivate")
        self.assertEqual(event.after["handed_over"], {"ledger": 3})
        self.assertEqual(AuditEvent.objects.filter(action="record.handover").count(), 3)

    def test_a_deactivated_account_cannot_log_in_and_its_session_ends(self):
        self.client.force_login(self.guanghan_reporter)
        user_deactivate(actor=self.sysadmin, user=self.guanghan_reporter, successor=self.successor)
        self.assertEqual(self.client.get("/").status_code, 302)
        response = self.client.post(
            reverse("accounts:login"), {"username": "gh", "password": PASSWORD}
        )
        self.assertContains(response, "用户名或密码不正确")

    def test_open_items_need_a_successor(self):
        with self.assertRaises(ValidationError) as ctx:
            user_deactivate(actor=self.sysadmin, user=self.guanghan_reporter, successor=None)
        self.assertIn("请指定交接人", str(ctx.exception))

    def test_the_successor_must_be_able_to_carry_them(self):
        for successor, message in (
            (self.shifang_reporter, "不能为“广汉市”填报记录"),
            (self.leader, "不能填报记录"),
        ):
            with self.subTest(successor.username), self.assertRaises(ValidationError) as ctx:
                user_deactivate(
                    actor=self.sysadmin, user=self.guanghan_reporter, successor=successor
                )
            self.assertIn(message, str(ctx.exception))
        self.assertTrue(User.objects.get(pk=self.guanghan_reporter.pk).is_active)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.created_by, self.guanghan_reporter)

    def test_an_editor_may_take_over_any_unit(self):
        user_deactivate(
            actor=self.sysadmin, user=self.guanghan_reporter, successor=self.city_editor
        )
        self.assertEqual(
            WorkRecord.objects.filter(
                created_by=self.city_editor, status=RecordStatus.DRAFT
            ).count(),
            1,
        )

    def test_an_account_without_open_items_needs_no_successor(self):
        self.assertEqual(user_deactivate(actor=self.sysadmin, user=self.leader, successor=None), {})

    def test_the_page_lists_open_items_and_deactivates_in_one_step(self):
        self.client.force_login(self.sysadmin)
        url = reverse("accounts:user_deactivate", args=[self.guanghan_reporter.pk])
        self.assertContains(self.client.get(url), "草稿、待审核和被退回的记录：3")
        response = self.client.post(url, {"successor": ""})
        self.assertContains(response, "请指定交接人")
        response = self.client.post(url, {"successor": self.successor.pk}, follow=True)
        self.assertContains(response, "移交未办结事项 3 项")
        self.client.post(reverse("accounts:user_reactivate", args=[self.guanghan_reporter.pk]))
        self.assertTrue(User.objects.get(pk=self.guanghan_reporter.pk).is_active)

    def test_an_administrator_may_not_deactivate_themselves(self):
        with self.assertRaises(ValidationError):
            user_deactivate(actor=self.sysadmin, user=self.sysadmin, successor=None)
