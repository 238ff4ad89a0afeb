""".docx → PDF through LibreOffice (`soffice --headless`), when it is installed.

LibreOffice is optional: `find_soffice()` returns None without it and callers offer no
PDF. Each conversion gets its own LibreOffice profile (`-env:UserInstallation`) so
concurrent conversions and test runs never share or lock one, and the fontconfig aliases
of `officialdoc` so missing official fonts become a serif CJK face. One conversion runs at
a time on the machine (a non-blocking file lock: a second caller is told at once rather
than queued), and one that overruns its time limit is killed with its process group.
"""

import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tongxin.lib.officialdoc import fontconfig_aliases

DEFAULT_TIMEOUT_S = 60
LOCK_PATH = Path(tempfile.gettempdir()) / "tongxin-soffice.lock"


class ConversionBusy(Exception):
    """Another conversion holds the lock."""


class ConversionFailed(Exception):
    """soffice failed, overran its time limit or wrote no PDF."""


def find_soffice(configured: str = "") -> str | None:
    """The soffice to run: `configured` (a path or a name on PATH) when given, else
    `soffice` or `libreoffice` on PATH; None when there is none."""
    for candidate in [configured] if configured else ["soffice", "libreoffice"]:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def docx_to_pdf(
    data: bytes,
    *,
    soffice: str,
    timeout: float = DEFAULT_TIMEOUT_S,
    wait: float = 0,
    lock_path: Path = LOCK_PATH,
) -> bytes:
    """The PDF of a .docx. Raises ConversionBusy when another conversion is still running
    after `wait` seconds (0 for a web request: it is told at once) and ConversionFailed
    when this one fails or takes longer than `timeout` seconds."""
    with open(lock_path, "a") as lock:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise ConversionBusy from exc
                time.sleep(0.2)
        try:
            return _convert(data, soffice=soffice, timeout=timeout)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _convert(data: bytes, *, soffice: str, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="tongxin-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        fonts = folder / "fonts.conf"
        fonts.write_text(fontconfig_aliases(), encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        env = {**os.environ, "HOME": tmp, "FONTCONFIG_FILE": str(fonts)}
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group, killed whole on overrun
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"soffice took longer than {timeout:g} s") from exc
        pdf = folder / "document.pdf"
        if process.returncode != 0 or not pdf.exists():
            detail = err.decode("utf-8", "replace").strip()[-500:]
            raise ConversionFailed(f"soffice exited {process.returncode}: {detail}")
        return pdf.read_bytes()
