from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.audit import chain
from tongxin.audit.chain import audit_seal, audit_verify

SHOWN = 20


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "校验审计日志的哈希链：先封存尚未入链的事件，再逐条核对；"
            "指出第一处断裂。见 docs/security.md"
        )

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help=_("只校验，不封存新事件"))
        parser.add_argument(
            "--backup",
            type=Path,
            action="append",
            default=[],
            metavar="FILE",
            help=_("同时核对该备份清单记录的链头（可多次给出）"),
        )

    def handle(self, *args, no_seal, backup, **options):
        heads = [self._head_of(path) for path in backup]
        if not no_seal:
            audit_seal(reason="verify")
        breaks = audit_verify(heads=[h for h in heads if h])
        if not breaks:
            self.stdout.write(_("审计链完好。"))
            return
        for found in breaks[:SHOWN]:
            self.stderr.write(found.message)
        raise CommandError(
            _("审计链有 %(count)s 处断裂，第一处：%(first)s")
            % {"count": len(breaks), "first": breaks[0].message}
        )

    def _head_of(self, path: Path) -> dict | None:
        # The archive belongs to tongxin.ops (a higher layer), which registers its reader.
        if chain.backup_head_reader is None:
            raise CommandError(_("本程序未安装备份功能，不能核对备份。"))
        return chain.backup_head_reader(path)
