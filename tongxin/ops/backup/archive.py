"""The backup archive: a plain tar of the database snapshot, the media folder under
`media/`, and `manifest.json` last (it carries the SHA-256 of every other member, so it
can only be written once they are in).

    database.sqlite3 | database.pgdump
    media/evidence/ab/ab12….pdf
    media/…
    manifest.json

A plain tar (not gzip) so members can be checked and read one by one, and because
evidence files (PDF, JPEG, docx) are compressed already; pg_dump's custom format is too.
"""

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from tongxin.ops.backup import signing
from tongxin.ops.backup.errors import BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Files that are never part of a backup: a restore's half-written files.
PARTIAL_SUFFIX = ".restoring"


class _HashingReader(io.RawIOBase):
    """Passes a file through to tarfile while hashing what it reads."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def sha256_of(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(posix name under the media folder, path) of every regular file, sorted; links
    are skipped, since a restore would write through them."""
    if not root.is_dir():
        return
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file() or name.endswith(PARTIAL_SUFFIX):
                continue
            found.append((path.relative_to(root).as_posix(), path))
    yield from sorted(found)


class ArchiveWriter:
    """Adds files, hashing them as they go in; `close(manifest)` writes the manifest."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, dict] = {}
        # 0600: the archive holds password hashes and personal data.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._fh = os.fdopen(fd, "wb")
        self._tar = tarfile.open(  # noqa: SIM115 - closed by close() / abort()
            fileobj=self._fh, mode="w", format=tarfile.PAX_FORMAT
        )

    def add(self, name: str, path: Path) -> dict | None:
        """Add `path` as `name`; None when the file went away meanwhile (a pending
        import discarded while the backup ran)."""
        try:
            fh = open(path, "rb")  # noqa: SIM115 - the with below closes it
        except FileNotFoundError:
            return None
        with fh:
            stat = os.fstat(fh.fileno())
            info = tarfile.TarInfo(name)
            info.size = stat.st_size
            info.mtime = int(stat.st_mtime)
            info.mode = 0o600
            reader = _HashingReader(fh)
            self._tar.addfile(info, reader)
        entry = {"sha256": reader.sha.hexdigest(), "size": reader.size}
        self.files[name] = entry
        return entry

    def close(self, manifest: dict) -> None:
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(manifest.get("created_ts", 0))
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(data))
        signature = signing.sign(data)
        info = tarfile.TarInfo(signing.SIGNATURE)
        info.size = len(signature)
        info.mtime = int(manifest.get("created_ts", 0))
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(signature))
        self._tar.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def abort(self) -> None:
        try:
            self._tar.close()
        finally:
            self._fh.close()


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


class ArchiveReader:
    """Opens an archive, reads its manifest, and checks every member against it."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._tar = tarfile.open(path, mode="r:")  # noqa: SIM115 - closed by close()
            self.members = {m.name: m for m in self._tar.getmembers()}
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(
                _("无法读取备份文件 {path}：{error}").format(path=path, error=exc)
            ) from exc
        if MANIFEST not in self.members:
            raise BackupError(
                _("{path} 不是同心备份文件（缺少 {manifest}），或文件不完整。").format(
                    path=path, manifest=MANIFEST
                )
            )
        try:
            self.manifest_bytes = self._tar.extractfile(self.members[MANIFEST]).read()
            self.manifest = json.loads(self.manifest_bytes)
        except ValueError as exc:
            raise BackupError(
                _("备份清单 {manifest} 已损坏：{error}").format(manifest=MANIFEST, error=exc)
            ) from exc
        version = self.manifest.get("format_version")
        if version != FORMAT_VERSION:
            raise BackupError(
                _("备份格式版本为 {version}，本程序只能恢复版本 {supported} 的备份。").format(
                    version=version, supported=FORMAT_VERSION
                )
            )

    def close(self) -> None:
        self._tar.close()

    def signature_status(self) -> str:
        """See signing.check: "ok", "missing", "other-key" or "mismatch"."""
        member = self.members.get(signing.SIGNATURE)
        signature = self._tar.extractfile(member).read() if member is not None else None
        return signing.check(self.manifest_bytes, signature)

    def check_sidecar(self) -> bool:
        """The `FILE.sha256` written beside the archive, when it is there, still names
        this file's SHA-256. False when there is none."""
        sidecar = self.path.with_name(self.path.name + ".sha256")
        if not sidecar.is_file():
            return False
        expected = sidecar.read_text(encoding="utf-8", errors="replace").split()[:1]
        if expected != [sha256_of(self.path)]:
            raise BackupError(
                _("{name} 与备份文件不符：备份文件在写出后被改动过，拒绝使用。").format(
                    name=sidecar.name
                )
            )
        return True

    def verify(self, progress) -> None:
        """Every member is listed in the manifest with the right size and SHA-256, and
        every listed file is there. Reads the whole archive; writes nothing."""
        listed = self.manifest["files"]
        extra = set(self.members) - set(listed) - {MANIFEST, signing.SIGNATURE}
        if extra:
            raise BackupError(
                _("备份中有清单未列出的文件：{names}").format(names=", ".join(sorted(extra)[:5]))
            )
        missing = set(listed) - set(self.members)
        if missing:
            raise BackupError(
                _("备份中缺少清单列出的文件：{names}").format(names=", ".join(sorted(missing)[:5]))
            )
        total = len(listed)
        for done, (name, expected) in enumerate(listed.items(), 1):
            member = self.members[name]
            if not member.isfile() or not _safe_name(name):
                raise BackupError(
                    _("备份中的 {name} 不是普通文件或路径不安全，拒绝恢复。").format(name=name)
                )
            sha, size = self._hash_member(member)
            if sha != expected["sha256"] or size != expected["size"]:
                raise BackupError(
                    _("校验失败：{name} 的 SHA-256 与清单不符，备份已损坏。").format(name=name)
                )
            if done % 500 == 0:
                progress(_("已校验 {done}/{total} 个文件……").format(done=done, total=total))

    def _hash_member(self, member) -> tuple[str, int]:
        sha = hashlib.sha256()
        size = 0
        fh = self._tar.extractfile(member)
        while chunk := fh.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
        return sha.hexdigest(), size

    def extract_to(self, name: str, dest: Path) -> None:
        """Write member `name` to `dest` through a temporary name, checking its hash
        again on the way (the archive could have changed since `verify`)."""
        expected = self.manifest["files"][name]["sha256"]
        partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
        dest.parent.mkdir(parents=True, exist_ok=True)
        sha = hashlib.sha256()
        src = self._tar.extractfile(self.members[name])
        with open(partial, "wb") as out:
            while chunk := src.read(CHUNK):
                sha.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if sha.hexdigest() != expected:
            partial.unlink(missing_ok=True)
            raise BackupError(_("校验失败：{name} 在恢复过程中与清单不符。").format(name=name))
        os.replace(partial, dest)

    def media_names(self) -> list[str]:
        return sorted(n for n in self.manifest["files"] if n.startswith(MEDIA_PREFIX))
