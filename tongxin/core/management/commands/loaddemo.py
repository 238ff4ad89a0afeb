from django.core.management.base import BaseCommand

from tongxin.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from tongxin.core.demo import load_demo
from tongxin.ledger.demo import COUNTY_REPORTERS


class Command(BaseCommand):
    help = "载入德阳演示数据（可重复执行，已有的数据不会重复创建）"

    def handle(self, *args, **options):
        result = load_demo()
        for part, counts in result.items():
            summary = ", ".join(f"{k} +{v}" for k, v in counts.items())
            self.stdout.write(f"{part}: {summary}")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, display_name, role, _unit in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {display_name}（{role.label}）")
        for username, display_name, _unit in COUNTY_REPORTERS:
            self.stdout.write(f"  {username:<10} {display_name}（填报员）")
