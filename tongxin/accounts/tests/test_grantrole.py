import io

from django.core.management import call_command
from django.core.management.base import CommandError

from tongxin.accounts.models import User
from tongxin.audit.models import AuditEvent
from tongxin.testing import CastTestCase


class GrantRoleCommandTests(CastTestCase):
    def test_it_grants_a_role_from_the_console_and_audits_it(self):
        out = io.StringIO()
        call_command("grantrole", "gh", "secadmin", stdout=out)
        self.assertIn("安全管理员", out.getvalue())
        self.assertEqual(User.objects.get(username="gh").role, "secadmin")
        event = AuditEvent.objects.get(action="user.role_set")
        self.assertEqual((event.actor, event.after), (None, {"role": "secadmin"}))

    def test_an_unknown_account_is_refused(self):
        with self.assertRaisesMessage(CommandError, "没有用户名为“nobody”的账号"):
            call_command("grantrole", "nobody", "auditor")
