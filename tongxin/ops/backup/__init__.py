"""Backup and restore: `tongxin backup` / `tongxin restore` (docs/operations.md).

archive.py   the tar: members hashed as they go in, manifest.json last, checks
database.py  the snapshot (SQLite online backup, pg_dump) and the restore
errors.py    BackupError, whose message is shown to the operator

A backup is taken while the app runs: the database first (one consistent snapshot),
then the media folder. Evidence files are stored under their content hash and never
rewritten, so a file a snapshot's row names is already on disk when the row commits;
a file uploaded after the snapshot is carried along unreferenced, which is harmless.
"""

import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.audit.chain import audit_seal
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_log
from tongxin.ops.backup import database
from tongxin.ops.backup.archive import (
    FORMAT_VERSION,
    MEDIA_PREFIX,
    ArchiveReader,
    ArchiveWriter,
    media_files,
    sha256_of,
)
from tongxin.ops.backup.errors import BackupError

__all__ = [
    "BackupError",
    "BackupResult",
    "backup_check",
    "backup_create",
    "backup_head",
    "backup_restore",
]


def _say(message: str) -> None:
    print(message, flush=True)


@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tongxin")
    except PackageNotFoundError:
        return "unknown"


def default_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"tongxin-backup-{now:%Y%m%dT%H%M%SZ}.tar"


def backup_create(
    *, output: Path, using: str = "default", media_root: Path | None = None, progress=_say
) -> BackupResult:
    """Write a checksummed archive of the database and the media folder to `output`
    (a file, or a folder to name it in), and record the backup in the audit trail."""
    started = time.monotonic()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    if output.is_dir():
        output = output / default_name()
    if output.exists():
        raise BackupError(_("{path} 已存在，不会覆盖。请换一个文件名。").format(path=output))
    if not output.parent.is_dir():
        raise BackupError(_("目录 {path} 不存在。").format(path=output.parent))
    if output.parent.resolve().is_relative_to(media_root.resolve()):
        # The archive would pack itself.
        raise BackupError(_("备份文件不能放在附件目录 {path} 之内。").format(path=media_root))
    vendor = database.vendor_of(connections[using].settings_dict)
    created = dt.datetime.now(dt.UTC)
    # Written under a temporary name and renamed at the end: a backup that stopped
    # half-way never looks like a finished one.
    partial = output.with_name(f".{output.name}.partial")
    work = Path(tempfile.mkdtemp(prefix=".tongxin-backup-", dir=output.parent))
    writer = ArchiveWriter(partial)
    try:
        if using == "default":
            # Every event so far joins the chain, so the head in the snapshot (and the
            # manifest) covers them: removing the newest rows later is detected.
            audit_seal(reason="backup")
        progress(_("正在导出数据库（{vendor}）……").format(vendor=vendor))
        dump = work / database.member_for(vendor)
        described = database.snapshot(using, dump)
        rows = sum(described["tables"].values())
        progress(
            _("数据库已导出：{tables} 张表，{rows} 行。").format(
                tables=len(described["tables"]), rows=rows
            )
        )
        writer.add(database.member_for(vendor), dump)
        dump.unlink()
        progress(_("正在打包附件目录 {path} ……").format(path=media_root))
        count = size = 0
        for name, path in media_files(media_root):
            entry = writer.add(MEDIA_PREFIX + name, path)
            if entry is None:
                continue
            count += 1
            size += entry["size"]
            if count % 500 == 0:
                progress(
                    _("已打包 {count} 个文件（{mb:.1f} MB）……").format(count=count, mb=size / 1e6)
                )
        progress(_("附件已打包：{count} 个文件，{mb:.1f} MB。").format(count=count, mb=size / 1e6))
        packed = {n[len(MEDIA_PREFIX) :] for n in writer.files if n.startswith(MEDIA_PREFIX)}
        missing = sorted(set(described["files"]) - packed)
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "created_ts": created.timestamp(),
            "tongxin_version": _version(),
            "host": platform.node(),
            "database": {
                "vendor": vendor,
                "member": database.member_for(vendor),
                "tables": described["tables"],
                "migrations": described["migrations"],
            },
            "media": {"files": count, "bytes": size, "missing": missing},
            "audit": {"head": described.get("audit_head")},
            "files": writer.files,
        }
        writer.close(manifest)
    except BaseException:
        writer.abort()
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    os.replace(partial, output)
    digest = sha256_of(output)
    # Beside the archive, in `sha256sum -c` form: a copy on another machine is checked
    # with the tool it already has.
    output.with_name(output.name + ".sha256").write_text(f"{digest}  {output.name}\n")
    warnings = []
    if missing:
        warnings.append(
            _(
                "数据库中有 {count} 个附件在附件目录中找不到（如 {example}），备份中同样没有。"
            ).format(count=len(missing), example=missing[0])
        )
    result = BackupResult(
        output, digest, output.stat().st_size, manifest, time.monotonic() - started, warnings
    )
    backup_audit_create(result=result, using=using)
    return result


@transaction.atomic
def backup_audit_create(*, result: BackupResult, using: str = "default") -> None:
    """The backup in the audit trail of the database it was taken from. Written after
    the snapshot, so it is not in this archive (the next one holds it)."""
    if using != "default":
        return  # only the app's own database has an audit trail of its own to write
    audit_log(
        action="backup.create",
        actor_name="tongxin backup",
        after={
            "file": result.path.name,
            "sha256": result.sha256,
            "size": result.size,
            "rows": sum(result.manifest["database"]["tables"].values()),
            "files": result.manifest["media"]["files"],
        },
    )


UNSIGNED = {
    "missing": gettext_lazy("备份清单没有签名"),
    "other-key": gettext_lazy("备份清单由另一个密钥签名（BACKUP_SIGNING_KEY 与备份时不同）"),
    "mismatch": gettext_lazy("备份清单的签名不符：清单在备份后被改动过"),
}


def _check_integrity(reader: ArchiveReader, accept_unsigned: bool, progress) -> str:
    """The `.sha256` beside the archive (when there) and the manifest's signature.
    Returns the signature's status; anything but "ok" is refused unless
    `accept_unsigned` (a lost key), which warns and is recorded by the caller."""
    if reader.check_sidecar():
        progress(_("{name}.sha256 与备份文件一致。").format(name=reader.path.name))
    status = reader.signature_status()
    if status == "ok":
        progress(_("备份清单签名有效。"))
        return status
    problem = str(UNSIGNED[status])
    if not accept_unsigned:
        raise BackupError(
            _(
                "{problem}，拒绝使用。如确知该备份可信且签名密钥已丢失，"
                "可加 --accept-unsigned（将记入审计日志）。"
            ).format(problem=problem)
        )
    progress(
        _("警告：{problem}。已按 --accept-unsigned 继续：各文件只与清单核对。").format(
            problem=problem
        )
    )
    return status


def backup_head(path: Path) -> dict | None:
    """The audit chain head a signed backup recorded (`verify-audit --backup`)."""
    reader = ArchiveReader(Path(path))
    try:
        _check_integrity(reader, False, lambda message: None)
        return reader.manifest.get("audit", {}).get("head")
    finally:
        reader.close()


def backup_check(*, archive: Path, accept_unsigned: bool = False, progress=_say) -> dict:
    """Read the whole archive and check its signature and every member against its
    manifest. Touches nothing; returns the manifest."""
    reader = ArchiveReader(Path(archive))
    try:
        _check_integrity(reader, accept_unsigned, progress)
        progress(
            _("正在校验 {count} 个文件的 SHA-256 ……").format(count=len(reader.manifest["files"]))
        )
        reader.verify(progress)
        return reader.manifest
    finally:
        reader.close()


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse a backup made by a newer version; say when `migrate` is due after."""
    from django.apps import apps

    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    applied = {tuple(m) for m in manifest["database"]["migrations"] if m[0] in installed}
    unknown = sorted(applied - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            _(
                "该备份来自较新的版本（包含本程序没有的数据库迁移 {migration} 等 {count} 个）。"
                "请先把程序升级到备份时的版本再恢复。"
            ).format(migration=f"{app}.{name}", count=len(unknown))
        )
    pending = known - applied
    if pending:
        return [
            _("本程序比备份多 {count} 个数据库迁移：恢复后请运行 tongxin migrate。").format(
                count=len(pending)
            )
        ]
    return []


def _media_holds_files(media_root: Path) -> bool:
    return next(iter(media_files(media_root)), None) is not None


@dataclass
class RestoreResult:
    manifest: dict
    seconds: float
    notes: list[str] = field(default_factory=list)


def backup_restore(
    *,
    archive: Path,
    using: str = "default",
    media_root: Path | None = None,
    force: bool = False,
    accept_unsigned: bool = False,
    progress=_say,
) -> RestoreResult:
    """Restore `archive` into the database `using` and the media folder. The archive is
    checked in full before anything is touched; a target that holds data is refused
    unless `force`. Ends with a `backup.restore` audit event in the restored trail."""
    started = time.monotonic()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    archive = Path(archive)
    reader = ArchiveReader(archive)
    try:
        manifest = reader.manifest
        vendor = database.vendor_of(connections[using].settings_dict)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                _("备份来自 {source} 数据库，不能恢复到 {target} 数据库。").format(
                    source=manifest["database"]["vendor"], target=vendor
                )
            )
        notes = _check_migrations(manifest)
        # The cheap refusal first; both come before anything is written.
        _refuse_non_empty(using, media_root, force)
        signature = _check_integrity(reader, accept_unsigned, progress)
        progress(_("正在校验 {count} 个文件的 SHA-256 ……").format(count=len(manifest["files"])))
        reader.verify(progress)
        progress(_("校验通过。"))
        work = Path(tempfile.mkdtemp(prefix=".tongxin-restore-", dir=_work_dir(using)))
        try:
            member = manifest["database"]["member"]
            dump = work / member
            reader.extract_to(member, dump)
            progress(_("正在恢复数据库……"))
            database.restore(using, dump, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        names = reader.media_names()
        progress(_("正在恢复 {count} 个附件到 {path} ……").format(count=len(names), path=media_root))
        for done, name in enumerate(names, 1):
            reader.extract_to(name, media_root / name[len(MEDIA_PREFIX) :])
            if done % 500 == 0:
                progress(_("已恢复 {done}/{total} 个附件……").format(done=done, total=len(names)))
    finally:
        reader.close()
    _check_restored(using, manifest)
    progress(_("恢复后的各表行数与备份清单一致。"))
    backup_audit_restore(
        archive=archive, manifest=manifest, using=using, force=force, signature=signature
    )
    return RestoreResult(manifest, time.monotonic() - started, notes)


def _work_dir(using: str) -> Path:
    # Beside the SQLite file, so the snapshot is never copied across file systems.
    settings_dict = connections[using].settings_dict
    if database.vendor_of(settings_dict) == "sqlite":
        path = Path(settings_dict["NAME"]).parent
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.gettempdir())


def _refuse_non_empty(using: str, media_root: Path, force: bool) -> None:
    try:
        tables = database.data_tables(using)
    except Exception as exc:  # the DB-API's own errors differ between vendors
        raise BackupError(_("无法连接目标数据库：{error}").format(error=exc)) from exc
    problems = []
    if tables:
        sample = _("、").join(
            _("{table}（{rows} 行）").format(table=t, rows=n) for t, n in list(tables.items())[:3]
        )
        problems.append(
            _("目标数据库不是空的：{count} 张表中有数据，如 {sample}").format(
                count=len(tables), sample=sample
            )
        )
    if _media_holds_files(media_root):
        problems.append(_("附件目录 {path} 不是空的").format(path=media_root))
    if problems and not force:
        raise BackupError(
            _(
                "{problems}。为免覆盖现有数据，恢复已取消。如确需用备份覆盖现有数据，请加 --force。"
            ).format(problems=_("；").join(problems))
        )


def _check_restored(using: str, manifest: dict) -> None:
    described = database.describe_target(using)
    if described.get("quick_check", "ok") != "ok":
        raise BackupError(
            _("恢复后的数据库未通过完整性检查：{result}").format(result=described["quick_check"])
        )
    expected = manifest["database"]["tables"]
    wrong = {
        t: (n, described["tables"].get(t))
        for t, n in expected.items()
        if described["tables"].get(t) != n
    }
    if wrong:
        table, (want, got) = next(iter(wrong.items()))
        raise BackupError(
            _("恢复后 {table} 有 {got} 行，备份清单为 {want} 行：恢复不完整。").format(
                table=table, got=got, want=want
            )
        )


def backup_audit_restore(
    *, archive: Path, manifest: dict, using: str, force: bool, signature: str = "ok"
) -> None:
    """The restore in the restored trail, right after the events the backup holds."""
    # audit_log writes through the default connection; the target may be another.
    with transaction.atomic(using=using):
        AuditEvent.objects.using(using).create(
            actor=None,
            actor_name="tongxin restore",
            action="backup.restore",
            after={
                "file": archive.name,
                "created_at": manifest["created_at"],
                "host": manifest["host"],
                "rows": sum(manifest["database"]["tables"].values()),
                "files": manifest["media"]["files"],
                "force": force,
                # Anything but "ok" was restored with --accept-unsigned.
                "signature": signature,
            },
        )
