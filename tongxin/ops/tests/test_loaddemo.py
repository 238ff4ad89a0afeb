from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from tongxin.accounts.models import Unit, User
from tongxin.audit.models import AuditEvent
from tongxin.ops.demo.accounts import DEMO_PASSWORD


class LoadDemoTests(TestCase):
    def run_loaddemo(self) -> str:
        out = StringIO()
        # On the first day after the seed years: no later year's records (dated, so the
        # test does not depend on the day it runs; test_demo_any_date loads later days).
        call_command("loaddemo", today="2024-01-01", stdout=out)
        return out.getvalue()

    def test_it_builds_the_deyang_units_and_prints_the_logins(self):
        output = self.run_loaddemo()
        top = Unit.objects.get(parent=None)
        self.assertEqual(top.name, "德阳市委统战部")
        counties = set(Unit.objects.filter(kind="county").values_list("name", flat=True))
        self.assertEqual(counties, {"旌阳区", "罗江区", "广汉市", "什邡市", "绵竹市", "中江县"})
        self.assertIn(DEMO_PASSWORD, output)
        self.assertTrue(User.objects.get(username="guanghan").check_password(DEMO_PASSWORD))

    def test_running_it_twice_changes_nothing(self):
        self.run_loaddemo()
        counts = (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count())
        self.run_loaddemo()
        self.assertEqual(
            (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()), counts
        )
