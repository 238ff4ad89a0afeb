"""tongxin check-owners [--year Y]: every record owner compared with its records."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.ledger.owners import owners_check


class Command(BaseCommand):
    help = "Compare every record owner (credit line, case, project ...) with its ledger records"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        problems = owners_check(year)
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                _("%(n)d 处所有者与台账记录不一致。") % {"n": len(problems)}, returncode=1
            )
        self.stdout.write(_("所有者与台账记录一致。"))
