"""Settings, read from the environment (see .env.example for every variable)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tongxin.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
# var/ beside the checkout holds the SQLite database, uploads and screenshots (git-ignored).
VAR_DIR = Path(env_str("TONGXIN_VAR_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("TONGXIN_DEBUG", False)
# pytest (8.2+) announces itself through PYTEST_VERSION before settings load.
TESTING = "PYTEST_VERSION" in os.environ

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it: "
            "set SECRET_KEY (or SECRET_KEY_FILE) — see .env.example."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Signs backup manifests (HMAC-SHA256, ops/backup/signing.py). Empty: a key derived
# from SECRET_KEY (docs/operations.md, "Signed backups").
BACKUP_SIGNING_KEY = env_str("BACKUP_SIGNING_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tongxin.core",
    "tongxin.accounts",
    "tongxin.audit",
    "tongxin.ledger",
    "tongxin.indicators",
    "tongxin.reports",
    "tongxin.cases",
    "tongxin.assessment",
    "tongxin.api",
    "tongxin.inbox",
    "tongxin.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The CSP (CONTENT_SECURITY_POLICY below) and Permissions-Policy headers.
    "csp.middleware.CSPMiddleware",
    "tongxin.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's empty 405 becomes the Chinese page with a link back (issue 19).
    "tongxin.core.method_not_allowed.MethodNotAllowedPageMiddleware",
    # Control characters and out-of-range integers out of every query string (issue 22).
    "tongxin.core.input_guard.QueryInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The idle timeout: pushes a signed-in session's expiry forward (needs request.user).
    "tongxin.accounts.session_refresh.SessionRefreshMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tongxin.audit.middleware.AuditContextMiddleware",
    # Forced password change and the second factor, before any page is reached.
    "tongxin.accounts.middleware.SecurityGateMiddleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongxin.core.context_processors.navigation",
                "tongxin.accounts.context_processors.idle_timeout",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
SQLITE_BUSY_TIMEOUT_S = env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1)
if DATABASE_URL:
    # Connections live a minute; each request checks its reused one first (a cheap
    # round trip), so after the database comes back no worker answers 503 once more on a
    # connection that died while it was away.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    # PostgreSQL: parameters sent apart from the SQL, and a statement run twice on a
    # connection prepared, so its plan is reused: planning a record's page's join took
    # 8-10 ms, running it 0.3 ms. Off behind a pooler in transaction mode (pgbouncer).
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
        "PG_PREPARED_STATEMENTS", True
    ):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
    # No JIT compilation: it cost 14 ms on a county's list totals at 5 million records
    # (the query itself 38 ms); pages run many short queries, not a few long ones.
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("PG_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    SQLITE_PATH = Path(env_str("SQLITE_PATH", str(VAR_DIR / "tongxin.sqlite3")))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SQLITE_PATH)}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # However SQLite is named (SQLITE_PATH or DATABASE_URL=sqlite:///...): without these,
    # concurrent writers under `tongxin serve` failed with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=SQLITE_BUSY_TIMEOUT_S,
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
        # for the busy timeout instead of failing mid-transaction.
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tongxin.accounts.backends.UnitAwareModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tongxin.accounts.passwords.CharacterClassValidator"},
    {"NAME": "tongxin.accounts.passwords.UnlikeUsernameValidator"},
]
# Days after which a password must be changed; 0: passwords do not expire.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0, minimum=0)

# Failed logins: an account is locked after LOGIN_LOCK_FAILURES failures in a row,
# from any address, for LOGIN_LOCK_MINUTES. An address is never locked: past
# LOGIN_ADDRESS_FREE_FAILURES failures within LOGIN_LOCK_MINUTES it must wait a delay
# that doubles with each further failure, up to LOGIN_ADDRESS_MAX_DELAY seconds, so
# a guesser is slowed down while an office behind one NAT address still gets in.
LOGIN_LOCK_FAILURES = env_int("LOGIN_LOCK_FAILURES", 5, minimum=1)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15, minimum=1)
LOGIN_ADDRESS_FREE_FAILURES = env_int("LOGIN_ADDRESS_FREE_FAILURES", 10, minimum=1)
LOGIN_ADDRESS_MAX_DELAY = env_int("LOGIN_ADDRESS_MAX_DELAY", 300, minimum=1)

# Second factor (TOTP): the name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "同心")  # i18n: data (a proper name)

# An idle timeout, not a lifetime: a request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 15, minimum=1) * 60
# Saving the session on every request cost a write transaction (UPDATE, COMMIT with
# fsync) per page view under load; the expiry is pushed forward at most once per
# SESSION_REFRESH_SECONDS instead (tongxin/accounts/session_refresh.py). 0: every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60, minimum=0)
# The page warns this many seconds before the idle logout.
SESSION_IDLE_WARNING_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (issue 22): scripts, styles and everything else from
# our own origin only; no inline script or style anywhere (templates keep them in
# static files; htmx's indicator style is off, see base.html). An uploaded image or PDF
# is served under its own sandboxing policy (tongxin/core/downloads.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS (docs/deployment.md). In production every plain-HTTP request is redirected
# and browsers are told to use HTTPS only; behind a proxy that terminates TLS,
# SECURE_PROXY_SSL_HEADER names the header by which it says the request was HTTPS.
_PRODUCTION = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _PRODUCTION)
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if _PRODUCTION else "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)

# The header a trusted reverse proxy sets with the client's address (e.g. X-Real-IP).
# Empty: the socket's address is used and every forwarding header is ignored.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]  # i18n: data (each in its own language)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if DEBUG or TESTING:
    # Serve straight from the apps' static folders; no collectstatic needed.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
if TESTING:
    # Uploads made by tests go to a throw-away folder, never the demo's media.
    import tempfile

    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tongxin-test-media-"))
MEDIA_URL = "/media/"

# LibreOffice for the review's PDF (optional): a path or a name on PATH; empty finds
# `soffice` or `libreoffice` on PATH. Without it the review page offers no PDF.
SOFFICE_PATH = env_str("SOFFICE_PATH")
# Seconds one .docx → PDF conversion may take before it is killed.
PDF_CONVERT_TIMEOUT = env_int("PDF_CONVERT_TIMEOUT", 60, minimum=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
