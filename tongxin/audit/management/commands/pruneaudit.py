from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tongxin.audit.services import RETENTION_FLOOR_DAYS, audit_prune


class Command(BaseCommand):
    help = (
        f"清理审计日志中早于 --keep-days 天的事件（不少于{RETENTION_FLOOR_DAYS}天，"
        "网络安全法的下限）；清理本身记入审计日志"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=RETENTION_FLOOR_DAYS,
            help=f"保留最近多少天的事件（默认且至少 {RETENTION_FLOOR_DAYS}）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, keep_days, dry_run, **options):
        try:
            removed = audit_prune(keep_days=keep_days, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "将清理" if dry_run else "已清理"
        self.stdout.write(f"{verb} {removed} 条早于 {keep_days} 天的审计事件。")
