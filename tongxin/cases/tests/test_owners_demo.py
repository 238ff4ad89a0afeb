"""`tongxin check-owners` is clean on the whole demo (issue 18): every credit line,
case, project, site, class, secondment and article agrees with its records."""

import io

from django.core.management import call_command
from django.test import TestCase

from tongxin.ledger.tests.owners_checked import check_owners


class DemoOwnersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", today="2024-01-01", stdout=io.StringIO())

    def test_every_owner_of_the_demo_agrees_with_its_records(self):
        self.assertEqual(check_owners(), "")
        out = io.StringIO()
        call_command("check-owners", "--year", "2022", stdout=out)
        self.assertIn("所有者与台账记录一致", out.getvalue())
