import os
import subprocess
import sys

from django.test import SimpleTestCase


def production_env() -> dict[str, str]:
    """This process's environment less what tests set: no pytest marker, no key, and no
    DJANGO_ALLOW_ASYNC_UNSAFE (the browser tests set it; a deployment never would)."""
    dropped = {"PYTEST_VERSION", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def run_django(
    env_overrides: dict[str, str], fail_level: str = "CRITICAL"
) -> subprocess.CompletedProcess:
    env = production_env()
    env.pop("TONGXIN_DEBUG", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "tongxin", "check", "--deploy", "--fail-level", fail_level],
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


PRODUCTION = {
    # A real key: random, long, many distinct characters (Django warns otherwise).
    "SECRET_KEY": "k8Vd2-pQz_7xLmN4rT9wYb3cF6hJ1sA0eG5uI8oKZqXv-WnRt2yBp",
    "ALLOWED_HOSTS": "tongxin.example.gov.cn",
}


class DeployCheckTests(SimpleTestCase):
    def test_check_deploy_under_production_settings_prints_no_warning(self):
        import tempfile
        from pathlib import Path

        # Static files collected (else tongxin.E001, test_deploy_static.py).
        static = Path(tempfile.mkdtemp(prefix="tongxin-static-"))
        (static / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
        result = run_django({**PRODUCTION, "STATIC_ROOT": str(static)}, fail_level="WARNING")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)
        self.assertNotIn("WARNING", result.stdout + result.stderr)

    def test_production_turns_on_https_hsts_and_secure_cookies(self):
        code = (
            "from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
            " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER,"
            " s.SECURE_REDIRECT_EXEMPT)"
        )
        env = production_env()
        env.pop("TONGXIN_DEBUG", None)
        env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="tongxin.settings")
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(
            result.stdout.strip(),
            "True 31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https') ['^healthz$']",
            result.stderr,
        )
