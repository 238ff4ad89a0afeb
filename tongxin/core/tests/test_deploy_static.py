"""Production without collected static files (issue 22): `check --deploy` names the
missing manifest, and `tongxin serve` collects the files itself before it starts."""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

from tongxin.core.tests.test_settings import production_env


def _env(tmp: Path) -> dict[str, str]:
    env = production_env()
    env.pop("TONGXIN_DEBUG", None)
    env.pop("DATABASE_URL", None)
    env.update(
        SECRET_KEY="k" * 60,
        TONGXIN_VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_CMD_ARGS="--no-control-socket",
    )
    return env


def _tongxin(env, *argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tongxin", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


class StaticManifestTests(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="tongxin-static-"))
        self.env = _env(self.tmp)

    def test_check_deploy_reports_a_missing_manifest_until_collected(self):
        missing = _tongxin(self.env, "check", "--deploy", "--fail-level", "ERROR")
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("tongxin.E001", missing.stderr + missing.stdout)
        _tongxin(self.env, "collectstatic", "--noinput")
        collected = _tongxin(self.env, "check", "--deploy")
        self.assertNotIn("tongxin.E001", collected.stderr + collected.stdout)

    def test_serve_collects_static_files_when_the_manifest_is_missing(self):
        migrated = _tongxin(self.env, "migrate", "--noinput")
        self.assertEqual(migrated.returncode, 0, migrated.stderr)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "tongxin", "serve", "--bind", f"127.0.0.1:{port}"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            status = None
            deadline = time.monotonic() + 120
            while status is None and time.monotonic() < deadline:
                try:
                    url = f"http://127.0.0.1:{port}/accounts/login/"
                    with urllib.request.urlopen(url, timeout=5) as r:
                        status = r.status
                except OSError:
                    if server.poll() is not None:
                        break
                    time.sleep(0.3)
            self.assertEqual(status, 200)
            self.assertTrue((self.tmp / "static" / "staticfiles.json").exists())
        finally:
            server.terminate()
            server.wait(15)
        self.assertIn("collectstatic", server.stdout.read())
