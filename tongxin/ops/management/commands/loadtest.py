import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "负载测试（输出 JSON）：新建数据库、演示数据加 N 条合成记录，启动 tongxin serve，"
            "locust 模拟 --users 个用户 --seconds 秒"
        )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument(
            "--database-url",
            default=None,
            help="PostgreSQL server to create the test database on (default: DATABASE_URL; "
            "empty: SQLite)",
        )
        parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
        parser.add_argument(
            "--spawn-rate",
            type=float,
            default=2.0,
            help="users logging in a second; the figures are taken after the ramp",
        )
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, users, seconds, records, database_url, workers, spawn_rate, **options):
        from tongxin.ops.load.run import run_loadtest

        result = run_loadtest(
            users=users,
            seconds=seconds,
            records=records,
            database_url=database_url,
            workers=workers,
            spawn_rate=spawn_rate,
            log=lambda message: print(message, file=sys.stderr, flush=True),
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
