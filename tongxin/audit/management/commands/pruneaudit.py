from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.audit.services import RETENTION_FLOOR_DAYS, audit_prune


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "清理审计日志中早于 --keep-days 天的事件（不少于{floor}天，"
            "网络安全法的下限）；清理本身记入审计日志"
        ).format(floor=RETENTION_FLOOR_DAYS)

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=RETENTION_FLOOR_DAYS,
            help=_("保留最近多少天的事件（默认且至少 {floor}）").format(floor=RETENTION_FLOOR_DAYS),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只统计，不删除"))

    def handle(self, *args, keep_days, dry_run, **options):
        try:
            removed = audit_prune(keep_days=keep_days, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if dry_run:
            line = _("将清理 {removed} 条早于 {days} 天的审计事件。")
        else:
            line = _("已清理 {removed} 条早于 {days} 天的审计事件。")
        self.stdout.write(line.format(removed=removed, days=keep_days))
