import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.ops.demo import load_demo
from tongxin.ops.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from tongxin.ops.demo.ledger import COUNTY_REPORTERS


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("载入德阳演示数据（可重复执行，已有的数据不会重复创建）")

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help=_("演示数据截至的日期（YYYY-MM-DD，默认今天）：此前各年的数据都会生成"),
        )

    def handle(self, *args, **options):
        try:
            today = (
                dt.date.fromisoformat(options["today"])
                if options.get("today")
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(_("日期格式应为 YYYY-MM-DD")) from exc
        result = load_demo(today=today)
        for part, counts in result.items():
            summary = ", ".join(f"{k} +{v}" for k, v in counts.items())
            self.stdout.write(f"{part}: {summary}")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, display_name, role, _unit in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {display_name}（{role.label}）")
        for username, display_name, _unit in COUNTY_REPORTERS:
            self.stdout.write(f"  {username:<10} {display_name}（填报员）")
