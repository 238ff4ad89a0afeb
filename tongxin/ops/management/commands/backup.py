from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.ops.backup import BackupError, backup_check, backup_create


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "在系统运行时备份数据库和全部附件，写成一个带 SHA-256 校验的归档文件；"
            "--check FILE 只校验已有的备份。见 docs/operations.md"
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help=_("备份文件名，或目录（文件名自动取 tongxin-backup-<UTC时间>.tar）"),
        )
        parser.add_argument("--check", type=Path, metavar="FILE", help=_("只校验该备份，不做备份"))
        parser.add_argument(
            "--accept-unsigned",
            action="store_true",
            help=_("签名密钥已丢失时：清单签名无效也继续校验各文件（会给出警告）"),
        )

    def handle(self, *args, output, check, accept_unsigned, **options):
        try:
            if check is not None:
                manifest = backup_check(
                    archive=check, accept_unsigned=accept_unsigned, progress=self.stdout.write
                )
                tables = manifest["database"]["tables"]
                self.stdout.write(
                    _(
                        "备份完好：{created} 创建于 {host}，{vendor} 数据库 {tables} 张表 "
                        "{rows} 行，附件 {files} 个。"
                    ).format(
                        created=manifest["created_at"],
                        host=manifest["host"],
                        vendor=manifest["database"]["vendor"],
                        tables=len(tables),
                        rows=sum(tables.values()),
                        files=manifest["media"]["files"],
                    )
                )
                return
            if output is None:
                raise CommandError(_("请用 -o 指定备份文件或目录。"))
            result = backup_create(output=output, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(_("注意：{warning}").format(warning=warning))
        self.stdout.write(
            _(
                "备份完成：{path}（{mb:.1f} MB，用时 {seconds:.1f} 秒）\n"
                "SHA-256 {sha256}（已写入 {name}.sha256）"
            ).format(
                path=result.path,
                mb=result.size / 1e6,
                seconds=result.seconds,
                sha256=result.sha256,
                name=result.path.name,
            )
        )
