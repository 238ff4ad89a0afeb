import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tongxin.accounts import passwords
from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create, user_password_reset
from tongxin.audit.models import AuditEvent
from tongxin.testing import PASSWORD, CastTestCase

NEW_PASSWORD = "Xinmima#2023"


class PasswordRuleTests(CastTestCase):
    def assert_refused(self, password, message):
        with self.assertRaises(ValidationError) as ctx:
            validate_password(password, self.guanghan_reporter)
        self.assertIn(str(message), " ".join(ctx.exception.messages))

    def test_it_needs_at_least_ten_characters(self):
        self.assert_refused("Ab1#efg", "10")

    def test_it_needs_three_of_the_four_character_classes(self):
        self.assert_refused("onlylowercaseletters", passwords.TOO_FEW_CLASSES)
        self.assert_refused("lowercase123456", passwords.TOO_FEW_CLASSES)
        validate_password("lowercase-123456", self.guanghan_reporter)  # lower, digit, symbol
        validate_password("Lowercase123456", self.guanghan_reporter)  # upper, lower, digit

    def test_it_refuses_the_username_inside_the_password(self):
        user = User(username="zhangli", display_name="张丽")
        with self.assertRaises(ValidationError) as ctx:
            validate_password("Zhangli#2023x", user)
        self.assertIn(passwords.CONTAINS_USERNAME, ctx.exception.messages)

    def test_passwords_are_hashed_with_argon2_in_production(self):
        from django.conf import settings

        production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
        self.assertEqual(production[0], "django.contrib.auth.hashers.Argon2PasswordHasher")


class ForcedChangeTests(CastTestCase):
    def log_in(self, username, password):
        return self.client.post(
            reverse("accounts:login"), {"username": username, "password": password}
        )

    def test_an_account_made_by_the_administrator_changes_its_password_at_first_login(self):
        account = user_create(
            actor=self.sysadmin,
            username="newcomer",
            display_name="新同志",
            role=Role.NONE,
            unit=self.guanghan,
            password=None,
        )
        temporary = user_password_reset(actor=self.sysadmin, user=account)
        self.log_in("newcomer", temporary)
        response = self.client.get(reverse("accounts:unit_list"))
        self.assertRedirects(
            response,
            reverse("accounts:password_change") + "?next=%2Faccounts%2Funits%2F",
            fetch_redirect_response=False,
        )
        page = self.client.get(response.url)
        self.assertContains(page, "您的密码由管理员设置")

        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": temporary,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
                "next": "/accounts/units/",
            },
        )
        self.assertRedirects(response, "/accounts/units/", fetch_redirect_response=False)
        account.refresh_from_db()
        self.assertFalse(account.must_change_password)
        self.assertTrue(account.check_password(NEW_PASSWORD))
        self.assertTrue(AuditEvent.objects.filter(action="user.password_change", actor=account))
        self.assertEqual(self.client.get(reverse("core:home")).status_code, 200)

    def test_after_a_reset_the_user_must_change_it_again(self):
        temporary = user_password_reset(actor=self.sysadmin, user=self.guanghan_reporter)
        self.assertFalse(self.log_in("gh", PASSWORD).status_code == 302)  # old one is gone
        self.log_in("gh", temporary)
        response = self.client.get(reverse("core:home"))
        self.assertTrue(response.url.startswith(reverse("accounts:password_change")))

    def test_the_new_password_must_follow_the_rules_and_differ(self):
        self.client.force_login(self.guanghan_reporter)
        for new, message in ((PASSWORD, "不能与原密码相同"), ("short", "10")):
            response = self.client.post(
                reverse("accounts:password_change"),
                {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
            )
            self.assertContains(response, message)
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        self.assertContains(response, "当前密码不正确")

    @override_settings(PASSWORD_MAX_AGE_DAYS=90)
    def test_an_expired_password_must_be_changed(self):
        User.objects.filter(pk=self.guanghan_reporter.pk).update(
            password_changed_at=timezone.now() - dt.timedelta(days=91)
        )
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("core:home"))
        self.assertTrue(response.url.startswith(reverse("accounts:password_change")))
        self.assertContains(self.client.get(response.url), "您的密码已过期")

    def test_passwords_do_not_expire_unless_configured(self):
        User.objects.filter(pk=self.guanghan_reporter.pk).update(
            password_changed_at=timezone.now() - dt.timedelta(days=3650)
        )
        self.client.force_login(self.guanghan_reporter)
        self.assertEqual(self.client.get(reverse("core:home")).status_code, 200)
