"""SQLite gets the same settings however it is named (issue 22): by SQLITE_PATH or by
DATABASE_URL=sqlite:///... (without them concurrent writers met "database is locked")."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from tongxin.core.tests.test_settings import production_env

PRINT = (
    "from django.conf import settings; import json; d = settings.DATABASES['default']; "
    "print(json.dumps({'name': d['NAME'], 'options': d['OPTIONS'], 'age': d['CONN_MAX_AGE']}))"
)


def _database(**env_overrides) -> dict:
    env = production_env()
    env.pop("DATABASE_URL", None)
    env.pop("SQLITE_PATH", None)
    env.update(SECRET_KEY="k" * 60, DJANGO_SETTINGS_MODULE="tongxin.settings", **env_overrides)
    code = f"import django; django.setup(); {PRINT}"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class SqliteSettingsTests(SimpleTestCase):
    def test_a_sqlite_database_url_gets_the_sqlite_path_settings(self):
        path = Path(tempfile.mkdtemp()) / "db.sqlite3"
        by_path = _database(SQLITE_PATH=str(path))
        by_url = _database(DATABASE_URL=f"sqlite:///{path}")
        self.assertEqual(by_url, by_path)
        self.assertEqual(by_url["options"]["transaction_mode"], "IMMEDIATE")
        self.assertIn("journal_mode=WAL", by_url["options"]["init_command"])
        self.assertGreaterEqual(by_url["options"]["timeout"], 1)
