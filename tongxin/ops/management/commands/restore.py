from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "从 tongxin backup 的备份文件恢复数据库和附件。先校验全部文件的 SHA-256；"
            "目标数据库或附件目录已有数据时拒绝，除非加 --force。见 docs/operations.md"
        )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help=_("目标已有数据时仍然恢复（覆盖现有数据）")
        )
        parser.add_argument(
            "--accept-unsigned",
            action="store_true",
            help=_("签名密钥已丢失时：清单签名无效也恢复（给出警告，并记入审计日志）"),
        )

    def handle(self, *args, archive, force, accept_unsigned, **options):
        if not archive.is_file():
            raise CommandError(_("备份文件 {path} 不存在。").format(path=archive))
        try:
            result = backup_restore(
                archive=archive,
                force=force,
                accept_unsigned=accept_unsigned,
                progress=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(_("恢复失败：{error}").format(error=exc)) from exc
        for note in result.notes:
            self.stdout.write(_("注意：{warning}").format(warning=note))
        manifest = result.manifest
        self.stdout.write(
            _(
                "恢复完成（用时 {seconds:.1f} 秒）：{created} 的备份，{rows} 行，附件 {files} 个。"
            ).format(
                seconds=result.seconds,
                created=manifest["created_at"],
                rows=sum(manifest["database"]["tables"].values()),
                files=manifest["media"]["files"],
            )
        )
