"""Django settings for YingShang.

Every deployment-specific value comes from an environment variable. The defaults are safe for the
embedded demo (SQLite under ./var, DEBUG off unless asked for); docs/deploy.md lists production values.
"""

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
    "yingshang.insights",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yingshang.core.middleware.UploadTooLargeMiddleware",
    "yingshang.core.middleware.ReadOnlyRoleMiddleware",
    "yingshang.core.middleware.RequestErrorsMiddleware",  # bad parameters → 400, conflicts and a busy database → 409
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: imports are capped so that one oversized file cannot exhaust the server.
YINGSHANG_MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = YINGSHANG_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yingshang.core.views.csrf_failure"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
