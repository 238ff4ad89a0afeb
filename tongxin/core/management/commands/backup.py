from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tongxin.core.backup import BackupError, backup_check, backup_create


class Command(BaseCommand):
    help = (
        "在系统运行时备份数据库和全部附件，写成一个带 SHA-256 校验的归档文件；"
        "--check FILE 只校验已有的备份。见 docs/operations.md"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="备份文件名，或目录（文件名自动取 tongxin-backup-<UTC时间>.tar）",
        )
        parser.add_argument("--check", type=Path, metavar="FILE", help="只校验该备份，不做备份")

    def handle(self, *args, output, check, **options):
        try:
            if check is not None:
                manifest = backup_check(archive=check, progress=self.stdout.write)
                tables = manifest["database"]["tables"]
                self.stdout.write(
                    f"备份完好：{manifest['created_at']} 创建于 {manifest['host']}，"
                    f"{manifest['database']['vendor']} 数据库 {len(tables)} 张表 "
                    f"{sum(tables.values())} 行，附件 {manifest['media']['files']} 个。"
                )
                return
            if output is None:
                raise CommandError("请用 -o 指定备份文件或目录。")
            result = backup_create(output=output, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(f"注意：{warning}")
        self.stdout.write(
            f"备份完成：{result.path}（{result.size / 1e6:.1f} MB，用时 {result.seconds:.1f} 秒）\n"
            f"SHA-256 {result.sha256}（已写入 {result.path.name}.sha256）"
        )
