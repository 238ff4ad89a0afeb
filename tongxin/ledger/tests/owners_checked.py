"""Run `tongxin check-owners` after every test of an owner (a credit line, a case, a
project ...): whatever the test did, each owner must still agree with its records."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError


def check_owners() -> str:
    """The command's report; empty when every owner agrees with its records."""
    out = io.StringIO()
    try:
        call_command("check-owners", stdout=out)
    except CommandError:
        return out.getvalue()
    return ""


class OwnersCheckedMixin:
    """Put before the TestCase base. A test that breaks an owner on purpose (writing a
    record behind its back) sets `self.owners_may_disagree = True`."""

    owners_may_disagree = False

    def tearDown(self):
        # Still inside the test's transaction: its data is there to compare.
        report = "" if self.owners_may_disagree else check_owners()
        super().tearDown()
        if report:
            self.fail(f"check-owners found disagreements after the test:\n{report}")
