"""三员互相制约: no administrator acts alone on another administrator's account, and
no single person ever learns enough to log in as one (services/admin_requests.py)."""

import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import AdminAction, AdminRequest, AdminRequestStatus, User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.admin_requests import (
    admin_credential_redeem,
    admin_request_approve,
    admin_request_cancel,
    admin_request_create,
    admin_request_refuse,
)
from tongxin.accounts.services.otp import otp_disable
from tongxin.accounts.services.users import (
    user_create,
    user_deactivate,
    user_password_reset,
    user_role_set,
)
from tongxin.audit.models import AuditEvent
from tongxin.testing import PASSWORD, CastTestCase, totp_code

ADMINS = ("sysadmin", "secadmin", "auditor")
NEW_PASSWORD = "Own-choice-2026!"
# The role each action's request gives (role_set only).
NEW_ROLE = {"sysadmin": Role.LEADER, "secadmin": Role.NONE, "auditor": Role.EDITOR}


def rolled_back():
    """Each combination starts from the cast as built."""

    class Block:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            transaction.set_rollback(True)
            return self.atomic.__exit__(*exc)

    return Block()


class TwoPersonTests(CastTestCase):
    def admin(self, name) -> User:
        return User.objects.get(username=name)

    def request_and_approve(self, *, requester, approver, target, action):
        role = NEW_ROLE[target.username] if action == AdminAction.ROLE_SET else ""
        request, half_a = admin_request_create(
            actor=requester, target=target, action=action, role=role
        )
        half_b = admin_request_approve(actor=approver, request=request)
        return request, half_a, half_b

    def test_every_pair_may_do_every_action_on_the_third_and_only_with_two(self):
        for target_name, action in itertools.product(ADMINS, AdminAction.values):
            others = [n for n in ADMINS if n != target_name]
            for requester_name, approver_name in (others, others[::-1]):
                with (
                    self.subTest(target=target_name, action=action, requester=requester_name),
                    rolled_back(),
                ):
                    target = self.admin(target_name)
                    requester, approver = self.admin(requester_name), self.admin(approver_name)
                    request, half_a, half_b = self.request_and_approve(
                        requester=requester, approver=approver, target=target, action=action
                    )
                    target.refresh_from_db()
                    self.assert_done(target, action, half_a, half_b)
                    request.refresh_from_db()
                    self.assertEqual(request.status, AdminRequestStatus.APPROVED)
                    self.assertEqual(
                        (request.requested_by, request.approved_by), (requester, approver)
                    )
                    created = AuditEvent.objects.get(action="admin_request.create")
                    approved = AuditEvent.objects.get(action="admin_request.approve")
                    self.assertEqual((created.actor, approved.actor), (requester, approver))
                    self.assertEqual(approved.after["requested_by"], requester.pk)

    def assert_done(self, target, action, half_a, half_b):
        if action in (AdminAction.PASSWORD_RESET, AdminAction.OTP_RESET):
            self.assertTrue(half_a and half_b and half_a != half_b)
            self.assertFalse(target.has_usable_password())
            self.assertFalse(TOTPDevice.objects.filter(user=target).exists())
            self.assertFalse(self.client.login(username=target.username, password=PASSWORD))
            # Only hashes are kept: neither half appears in the database row.
            row = AdminRequest.objects.get(target=target)
            self.assertNotIn(half_a, row.credential_a_hash + row.credential_b_hash)
            self.assertNotIn(half_b, row.credential_a_hash + row.credential_b_hash)
        elif action == AdminAction.DEACTIVATE:
            self.assertFalse(target.is_active)
            self.assertEqual((half_a, half_b), ("", ""))
        else:
            self.assertEqual(target.role, NEW_ROLE[target.username])
            self.assertTrue(self.client.login(username=target.username, password=PASSWORD))

    def test_the_requester_may_not_approve_their_own_request(self):
        for target_name, action in itertools.product(ADMINS, AdminAction.values):
            for requester_name in ADMINS:
                if requester_name == target_name:
                    continue
                with (
                    self.subTest(target=target_name, action=action, requester=requester_name),
                    rolled_back(),
                ):
                    requester, target = self.admin(requester_name), self.admin(target_name)
                    role = NEW_ROLE[target_name] if action == AdminAction.ROLE_SET else ""
                    request, _ = admin_request_create(
                        actor=requester, target=target, action=action, role=role
                    )
                    for decide in (admin_request_approve, admin_request_refuse):
                        with self.assertRaises(ValidationError):
                            decide(actor=requester, request=request)
                    # Nor may the target decide about its own account.
                    with self.assertRaises(ValidationError):
                        admin_request_approve(actor=target, request=request)
                    target.refresh_from_db()
                    self.assertTrue(target.is_active)
                    self.assertTrue(target.check_password(PASSWORD))
                    self.assertEqual(target.role, target_name)

    def test_nobody_requests_a_change_to_their_own_account(self):
        for name, action in itertools.product(ADMINS, AdminAction.values):
            with self.subTest(admin=name, action=action):
                admin = self.admin(name)
                with self.assertRaises(ValidationError):
                    admin_request_create(actor=admin, target=admin, action=action, role="none")

    def test_business_roles_take_no_part(self):
        for user in (self.city_editor, self.leader, self.guanghan_reporter):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                admin_request_create(
                    actor=user, target=self.auditor, action=AdminAction.PASSWORD_RESET
                )
        request, _ = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.DEACTIVATE
        )
        with self.assertRaises(PermissionDenied):
            admin_request_approve(actor=self.city_editor, request=request)

    def test_business_accounts_keep_todays_flows(self):
        with self.assertRaises(ValidationError):
            admin_request_create(
                actor=self.sysadmin, target=self.guanghan_reporter, action="password_reset"
            )
        self.assertTrue(user_password_reset(actor=self.sysadmin, user=self.guanghan_reporter))
        user_role_set(actor=self.secadmin, user=self.guanghan_reporter, role=Role.LEADER)

    def test_a_refused_or_cancelled_request_changes_nothing(self):
        request, _ = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.PASSWORD_RESET
        )
        admin_request_refuse(actor=self.secadmin, request=request)
        with self.assertRaises(ValidationError):
            admin_request_approve(actor=self.secadmin, request=request)
        request, _ = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.DEACTIVATE
        )
        admin_request_cancel(actor=self.sysadmin, request=request)
        auditor = self.admin("auditor")
        self.assertTrue(auditor.is_active and auditor.check_password(PASSWORD))
        self.assertEqual(
            set(
                AuditEvent.objects.values_list("action", flat=True).filter(
                    action__contains="admin_request"
                )
            ),
            {"admin_request.create", "admin_request.refuse", "admin_request.cancel"},
        )


class SingleAdministratorTests(CastTestCase):
    """Each of today's one-person paths refuses an administrator's account."""

    def test_no_administrator_alone_resets_deactivates_or_changes_an_administrator(self):
        admins = {"sysadmin": self.sysadmin, "secadmin": self.secadmin, "auditor": self.auditor}
        for actor_name, target_name in itertools.permutations(ADMINS, 2):
            actor, target = admins[actor_name], admins[target_name]
            for name, call, extra in (
                ("password", user_password_reset, {}),
                ("otp", otp_disable, {}),
                ("deactivate", user_deactivate, {"successor": None}),
                ("role", user_role_set, {"role": Role.NONE}),
            ):
                with (
                    self.subTest(actor=actor_name, target=target_name, action=name),
                    self.assertRaises((PermissionDenied, ValidationError)),
                ):
                    call(actor=actor, user=target, **extra)
        for name in ADMINS:
            user = User.objects.get(username=name)
            self.assertTrue(user.is_active and user.check_password(PASSWORD))
            self.assertEqual(user.role, name)
            self.assertTrue(TOTPDevice.objects.filter(user=user).exists())

    def test_no_administrator_alone_makes_another_administrator(self):
        with self.assertRaises(ValidationError):
            user_role_set(actor=self.secadmin, user=self.city_editor, role=Role.AUDITOR)
        self.assertEqual(User.objects.get(pk=self.city_editor.pk).role, Role.EDITOR)


class TakeoverReplayTests(CastTestCase):
    """The probe: the system administrator reset the password of an auditor who had
    not enrolled a second factor yet, logged in with it, enrolled TOTP with a secret
    of its own and read the audit trail. It must fail at the reset step."""

    def test_the_takeover_fails_at_the_reset(self):
        TOTPDevice.objects.filter(user=self.auditor).delete()
        self.client.force_login(self.sysadmin)
        url = reverse("accounts:user_password_reset", args=[self.auditor.pk])
        response = self.client.post(url, follow=True)
        self.assertNotContains(response, 'data-testid="temporary-password"')
        self.assertContains(response, "须由两名管理员办理")
        auditor = User.objects.get(pk=self.auditor.pk)
        self.assertTrue(auditor.check_password(PASSWORD))
        self.assertFalse(auditor.must_change_password)
        self.assertFalse(AuditEvent.objects.filter(action="user.password_reset").exists())
        # Nor through the service, nor any of the other single-person paths.
        with self.assertRaises(ValidationError):
            user_password_reset(actor=self.sysadmin, user=auditor)
        self.client.post(reverse("accounts:user_deactivate", args=[auditor.pk]), {})
        self.assertTrue(User.objects.get(pk=auditor.pk).is_active)

    def test_with_a_second_administrator_neither_alone_can_log_in_as_the_target(self):
        TOTPDevice.objects.filter(user=self.auditor).delete()
        request, half_a = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.PASSWORD_RESET
        )
        half_b = admin_request_approve(actor=self.secadmin, request=request)
        for a, b in ((half_a, half_a), (half_b, half_b), (half_a, "ABCDE-FGHJK")):
            with self.subTest(a=a, b=b), self.assertRaises(ValidationError):
                admin_credential_redeem(
                    username="auditor",
                    half_a=a,
                    half_b=b,
                    password1=NEW_PASSWORD,
                    password2=NEW_PASSWORD,
                )
        self.assertFalse(self.client.login(username="auditor", password=PASSWORD))


class ActivationPageTests(CastTestCase):
    def activate(self, half_a, half_b, username="auditor"):
        return self.client.post(
            reverse("accounts:admin_activate"),
            {
                "username": username,
                "half_a": half_a.lower().replace("-", " "),
                "half_b": half_b,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    def test_the_target_sets_its_own_password_and_enrols_its_own_factor(self):
        request, half_a = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.OTP_RESET
        )
        half_b = admin_request_approve(actor=self.secadmin, request=request)
        response = self.activate(half_a, half_b)
        self.assertRedirects(response, reverse("accounts:otp_enrol"), fetch_redirect_response=False)
        # The gate keeps it on enrolment until it has a factor of its own.
        self.assertRedirects(
            self.client.get(reverse("audit:event_list")),
            f"{reverse('accounts:otp_enrol')}?next=%2Faudit%2F",
            fetch_redirect_response=False,
        )
        self.client.get(reverse("accounts:otp_enrol"))
        device = TOTPDevice.objects.get(user=self.auditor, confirmed=False)
        response = self.client.post(reverse("accounts:otp_enrol"), {"token": totp_code(device)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(reverse("audit:event_list")).status_code, 200)
        # Used once.
        self.client.logout()
        response = self.activate(half_a, half_b)
        self.assertContains(response, "凭据已使用")
        self.assertTrue(self.client.login(username="auditor", password=NEW_PASSWORD))

    def test_wrong_halves_or_an_unknown_name_are_refused_alike_and_counted(self):
        for username in ("auditor", "nobody-here"):
            with self.subTest(username=username):
                response = self.activate("ABCDE-FGHJK", "KLMNP-QRSTU", username=username)
                self.assertContains(response, "用户名或凭据不正确")
        self.assertEqual(User.objects.get(username="auditor").failed_logins, 1)
        self.assertTrue(User.objects.get(username="auditor").check_password(PASSWORD))

    def test_the_pages_show_each_half_once_to_its_own_person(self):
        self.client.force_login(self.secadmin)
        response = self.client.post(
            reverse("accounts:admin_request_create"),
            {"username": "auditor", "action": AdminAction.PASSWORD_RESET, "reason": "忘记密码"},
        )
        half_a = response.context["half"]
        self.assertContains(response, half_a)
        request = AdminRequest.objects.get()
        # The approver's inbox lists it; the requester's and the target's do not.
        for user, shown in ((self.sysadmin, True), (self.secadmin, False), (self.auditor, False)):
            self.client.force_login(user)
            page = self.client.get(reverse("accounts:admin_request_list"))
            with self.subTest(user=user.username):
                self.assertEqual([r.pk for r in page.context["awaiting"]] == [request.pk], shown)
        self.client.force_login(self.secadmin)
        self.client.post(reverse("accounts:admin_request_approve", args=[request.pk]))
        self.assertEqual(AdminRequest.objects.get().status, AdminRequestStatus.PENDING)
        self.client.force_login(self.sysadmin)
        response = self.client.post(reverse("accounts:admin_request_approve", args=[request.pk]))
        half_b = response.context["half"]
        self.assertNotEqual(half_a, half_b)
        self.assertNotContains(response, half_a)
        self.client.logout()
        self.assertRedirects(
            self.activate(half_a, half_b),
            reverse("accounts:otp_enrol"),
            fetch_redirect_response=False,
        )

    def test_business_roles_may_not_open_the_pages(self):
        request, _ = admin_request_create(
            actor=self.sysadmin, target=self.auditor, action=AdminAction.DEACTIVATE
        )
        for user in (self.city_editor, self.guanghan_reporter, self.leader):
            self.client.force_login(user)
            for method, url in (
                ("get", reverse("accounts:admin_request_list")),
                ("get", reverse("accounts:admin_request_create")),
                ("post", reverse("accounts:admin_request_approve", args=[request.pk])),
                ("post", reverse("accounts:admin_request_refuse", args=[request.pk])),
                ("post", reverse("accounts:admin_request_cancel", args=[request.pk])),
            ):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 403)
        self.assertEqual(AdminRequest.objects.get().status, AdminRequestStatus.PENDING)


class NeverLoggedInTests(CastTestCase):
    """An administrator account that has never logged in: whoever made it knows its
    temporary password, so its first login needs the split credential too."""

    def test_a_new_account_made_an_administrator_needs_the_credential(self):
        new = user_create(
            actor=self.sysadmin,
            username="newaud",
            display_name="新审计员",
            role=Role.NONE,
            unit=self.city,
            password=None,
        )
        temporary = user_password_reset(actor=self.sysadmin, user=new)
        request, half_a = admin_request_create(
            actor=self.secadmin, target=new, action=AdminAction.ROLE_SET, role=Role.AUDITOR
        )
        half_b = admin_request_approve(actor=self.sysadmin, request=request)
        self.assertTrue(half_a and half_b)
        self.assertFalse(self.client.login(username="newaud", password=temporary))
        user = admin_credential_redeem(
            username="newaud",
            half_a=half_a,
            half_b=half_b,
            password1=NEW_PASSWORD,
            password2=NEW_PASSWORD,
        )
        self.assertEqual(user.role, Role.AUDITOR)
        self.assertTrue(self.client.login(username="newaud", password=NEW_PASSWORD))

    def test_an_administrator_whose_password_someone_else_set_may_not_log_in_with_it(self):
        User.objects.filter(pk=self.auditor.pk).update(must_change_password=True)
        response = self.client.post(
            reverse("accounts:login"), {"username": "auditor", "password": PASSWORD}
        )
        self.assertContains(response, "一次性凭据")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_grantrole_on_a_fresh_install_prints_both_halves(self):
        import io

        out = io.StringIO()
        call_command("grantrole", "gh", "auditor", stdout=out)
        text = out.getvalue()
        self.assertIn("第一段", text)
        self.assertFalse(User.objects.get(username="gh").has_usable_password())
        a, b = (part.split()[0] for part in text.split("段：")[1:3])
        admin_credential_redeem(
            username="gh", half_a=a, half_b=b, password1=NEW_PASSWORD, password2=NEW_PASSWORD
        )
        self.assertTrue(self.client.login(username="gh", password=NEW_PASSWORD))
