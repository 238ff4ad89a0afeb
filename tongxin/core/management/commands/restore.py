from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tongxin.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从 tongxin backup 的备份文件恢复数据库和附件。先校验全部文件的 SHA-256；"
        "目标数据库或附件目录已有数据时拒绝，除非加 --force。见 docs/operations.md"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help="目标已有数据时仍然恢复（覆盖现有数据）"
        )

    def handle(self, *args, archive, force, **options):
        if not archive.is_file():
            raise CommandError(f"备份文件 {archive} 不存在。")
        try:
            result = backup_restore(archive=archive, force=force, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"恢复失败：{exc}") from exc
        for note in result.notes:
            self.stdout.write(f"注意：{note}")
        manifest = result.manifest
        self.stdout.write(
            f"恢复完成（用时 {result.seconds:.1f} 秒）：{manifest['created_at']} 的备份，"
            f"{sum(manifest['database']['tables'].values())} 行，"
            f"附件 {manifest['media']['files']} 个。"
        )
