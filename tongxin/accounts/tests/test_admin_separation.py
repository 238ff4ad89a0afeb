"""三员分立: each administrator tries every action that is another's, and is refused;
the business roles are refused every administrator's page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tongxin.accounts.models import UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.otp import otp_disable
from tongxin.accounts.services.units import unit_create, unit_update
from tongxin.accounts.services.users import (
    user_create,
    user_deactivate,
    user_password_reset,
    user_role_set,
    user_unlock,
    user_update,
)
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_prune
from tongxin.testing import CastTestCase


def pages(cast) -> dict[str, tuple[str, str]]:
    """Every administrator's page: name -> (method, url)."""
    gh = cast.guanghan_reporter.pk
    return {
        "user_list": ("get", reverse("accounts:user_list")),
        "user_detail": ("get", reverse("accounts:user_detail", args=[gh])),
        "user_create": ("get", reverse("accounts:user_create")),
        "user_edit": ("get", reverse("accounts:user_edit", args=[gh])),
        "user_password_reset": ("post", reverse("accounts:user_password_reset", args=[gh])),
        "user_unlock": ("post", reverse("accounts:user_unlock", args=[gh])),
        "user_deactivate": ("get", reverse("accounts:user_deactivate", args=[gh])),
        "user_reactivate": ("post", reverse("accounts:user_reactivate", args=[gh])),
        "unit_create": ("get", reverse("accounts:unit_create")),
        "unit_edit": ("get", reverse("accounts:unit_edit", args=[cast.guanghan.pk])),
        "user_role": ("post", reverse("accounts:user_role", args=[gh])),
        "user_otp_reset": ("post", reverse("accounts:user_otp_reset", args=[gh])),
        "audit_list": ("get", reverse("audit:event_list")),
        "audit_export": ("get", reverse("audit:event_export")),
    }


SYSADMIN_PAGES = {
    "user_list",
    "user_detail",
    "user_create",
    "user_edit",
    "user_password_reset",
    "user_unlock",
    "user_deactivate",
    "user_reactivate",
    "unit_create",
    "unit_edit",
}
SECADMIN_PAGES = {"user_list", "user_detail", "user_role", "user_otp_reset"}
AUDITOR_PAGES = {"audit_list", "audit_export"}
# Business pages none of the three may open.
BUSINESS_PAGES = [
    "ledger:record_list",
    "inbox:inbox",
    "ledger:record_create",
    "indicators:dashboard",
]


class SeparationTestCase(CastTestCase):
    def status(self, user, name):
        method, url = pages(self)[name]
        self.client.force_login(user)
        data = {"role": Role.EDITOR} if name == "user_role" else {}
        return getattr(self.client, method)(url, data).status_code

    def assert_only(self, user, allowed: set[str]):
        for name in pages(self):
            with self.subTest(user=user.username, page=name):
                status = self.status(user, name)
                if name in allowed:
                    self.assertIn(status, (200, 302))
                else:
                    self.assertEqual(status, 403)
        for name in BUSINESS_PAGES:
            with self.subTest(user=user.username, page=name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse(name)).status_code, 403)


class PageSeparationTests(SeparationTestCase):
    def test_the_system_administrator_may_not_grant_roles_or_read_the_audit_trail(self):
        self.assert_only(self.sysadmin, SYSADMIN_PAGES)

    def test_the_security_administrator_may_not_touch_accounts_units_or_business_data(self):
        self.assert_only(self.secadmin, SECADMIN_PAGES)

    def test_the_auditor_may_only_read_and_export_the_audit_trail(self):
        self.assert_only(self.auditor, AUDITOR_PAGES)
        self.client.force_login(self.auditor)
        self.assertEqual(self.client.get(reverse("accounts:unit_list")).status_code, 200)
        self.assertEqual(self.client.get(reverse("accounts:unit_list")).context["units"], [])
        response = self.client.get(reverse("accounts:unit_detail", args=[self.guanghan.pk]))
        self.assertEqual(response.status_code, 404)

    def test_business_roles_reach_no_administrator_page(self):
        for user in (self.city_editor, self.leader, self.guanghan_reporter):
            for name in pages(self):
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.status(user, name), 403)


class ServiceSeparationTests(CastTestCase):
    """The services refuse too, whatever page or command calls them."""

    def assert_refused(self, call):
        with self.assertRaises(PermissionDenied):
            call()

    def test_the_system_administrator_may_not_grant_a_role(self):
        self.assert_refused(
            lambda: user_role_set(actor=self.sysadmin, user=self.guanghan_reporter, role="editor")
        )
        with self.assertRaises(ValidationError):  # nor give one at creation
            user_create(
                actor=self.sysadmin,
                username="x1",
                display_name="x",
                role=Role.AUDITOR,
                unit=self.city,
                password=None,
            )
        self.assert_refused(lambda: otp_disable(actor=self.sysadmin, user=self.auditor))

    def test_the_security_administrator_may_not_manage_accounts_or_units(self):
        gh = self.guanghan_reporter
        for call in (
            lambda: user_create(
                actor=self.secadmin,
                username="x2",
                display_name="x",
                role=Role.NONE,
                unit=self.city,
                password=None,
            ),
            lambda: user_update(actor=self.secadmin, user=gh, display_name="y", unit=self.city),
            lambda: user_password_reset(actor=self.secadmin, user=gh),
            lambda: user_unlock(actor=self.secadmin, user=gh),
            lambda: user_deactivate(actor=self.secadmin, user=gh, successor=None),
            lambda: unit_create(actor=self.secadmin, code="X", name="x", kind=UnitKind.MEMBER),
            lambda: unit_update(actor=self.secadmin, unit=self.guanghan, name="改名"),
        ):
            self.assert_refused(call)

    def test_the_auditor_may_do_nothing_but_read(self):
        gh = self.guanghan_reporter
        for call in (
            lambda: user_role_set(actor=self.auditor, user=gh, role="editor"),
            lambda: user_password_reset(actor=self.auditor, user=gh),
            lambda: unit_create(actor=self.auditor, code="X", name="x", kind=UnitKind.MEMBER),
            lambda: otp_disable(actor=self.auditor, user=gh),
        ):
            self.assert_refused(call)

    def test_nobody_may_remove_recent_audit_events(self):
        with self.assertRaises(ValidationError):
            audit_prune(actor=self.sysadmin, keep_days=30)


class OneRoleTests(CastTestCase):
    def test_granting_a_role_replaces_the_one_held(self):
        # From the console: on the page an administrator's role needs two of them.
        user_role_set(actor=None, user=self.sysadmin, role=Role.AUDITOR)
        self.sysadmin.refresh_from_db()
        self.assertEqual(self.sysadmin.role, Role.AUDITOR)
        event = AuditEvent.objects.get(action="user.role_set")
        self.assertEqual((event.before, event.after), ({"role": "sysadmin"}, {"role": "auditor"}))

    def test_the_security_administrator_may_not_change_their_own_role(self):
        with self.assertRaises(ValidationError):
            user_role_set(actor=self.secadmin, user=self.secadmin, role=Role.AUDITOR)

    def test_revoking_leaves_an_account_that_sees_nothing(self):
        user_role_set(actor=self.secadmin, user=self.city_editor, role=Role.NONE)
        self.client.force_login(User.objects.get(pk=self.city_editor.pk))
        self.assertEqual(self.client.get(reverse("ledger:record_list")).status_code, 403)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_a_role_is_granted_through_the_page(self):
        self.client.force_login(self.secadmin)
        url = reverse("accounts:user_role", args=[self.guanghan_reporter.pk])
        self.client.post(url, {"role": Role.LEADER})
        self.assertEqual(User.objects.get(pk=self.guanghan_reporter.pk).role, Role.LEADER)

    def test_the_model_holds_exactly_one_role_per_account(self):
        field = User._meta.get_field("role")
        self.assertFalse(field.many_to_many)
        self.assertFalse(field.null)
