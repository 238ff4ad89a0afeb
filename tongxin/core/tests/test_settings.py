import os
import subprocess
import sys

from django.test import SimpleTestCase


def run_django(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "SECRET_KEY")}
    env.pop("TONGXIN_DEBUG", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "tongxin", "check", "--deploy", "--fail-level", "CRITICAL"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = run_django({})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_production_starts_with_a_secret_key(self):
        result = run_django({"SECRET_KEY": "x" * 60})
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_bad_boolean_names_the_variable(self):
        result = run_django({"SECRET_KEY": "x" * 60, "TONGXIN_DEBUG": "perhaps"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("TONGXIN_DEBUG must be a boolean", result.stderr)
