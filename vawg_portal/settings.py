"""
Settings for VAWG Portal: one file, driven by the environment (django-environ).

With no environment at all the portal runs for development: DEBUG on, SQLite, Celery eager,
email to the console. With DEBUG=false it refuses to start without SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL. Every variable is listed, with a comment, in .env.example.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (container secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


# Core
# docs.djangoproject.com/en/5.2/ref/settings/
DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = _secret("SECRET_KEY", "development-only-not-secret-vawg-portal-key-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    missing = [
        name
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
        if not (env.str(name, default="") or env.str(f"{name}_FILE", default=""))
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is false, so these must be set: {', '.join(missing)} (see .env.example)"
        )
    SECRET_KEY = _secret("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    # Our apps, in the order data flows (see ARCHITECTURE.md).
    "common",
    "accounts",
    "frameworks",
    "toolkit",
    "action_plans",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vawg_portal.urls"
WSGI_APPLICATION = "vawg_portal.wsgi.application"

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
                "accounts.context_processors.navigation",
                "action_plans.context_processors.attention_count",
            ],
        },
    },
]

# Database
# docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: one process-local cache is enough until a feature needs sharing between workers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Accounts
# docs.djangoproject.com/en/5.2/topics/auth/customizing/
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Login throttling ---------------------------------------------------- django-axes.readthedocs.io
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# axes warns (W006) when lockout is not also by IP address. We lock the account, not the address:
# a force's officers reach the portal through a handful of shared egress addresses, and locking
# one of those would lock out a whole force because of one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Internationalisation
# docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files
# whitenoise.readthedocs.io
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Report files (reports app) are private: a FileSystemStorage under REPORTS_ROOT with no URL,
# outside STATIC_ROOT and MEDIA_ROOT, served only by the download view after a permission check.
# With REPORTS_S3_BUCKET set they go to S3-compatible storage through django-storages instead.
REPORTS_ROOT = Path(env.str("REPORTS_ROOT", default=str(BASE_DIR / "private" / "reports")))
REPORTS_S3_BUCKET = env.str("REPORTS_S3_BUCKET", default="")
if REPORTS_S3_BUCKET:
    _reports_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REPORTS_S3_BUCKET,
            "endpoint_url": env.str("REPORTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("REPORTS_S3_REGION", default="") or None,
            "access_key": _secret("REPORTS_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": _secret("REPORTS_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env.str("REPORTS_S3_PREFIX", default="reports"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
else:
    _reports_storage = {
        "BACKEND": "reports.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": REPORTS_ROOT, "base_url": None, "allow_overwrite": True,
                    "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": _reports_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Forms
# github.com/wildfish/crispy-forms-gds
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input",
    "urlinput": "govuk-input",
    "dateinput": "govuk-input",
}

# Email
# docs.djangoproject.com/en/5.2/topics/email/
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = _secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VAWG Portal <no-reply@vawg-portal.invalid>")

# Celery
# docs.celeryq.dev/en/stable/userguide/configuration.html
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# With no broker configured, tasks run in the calling process: `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# Reports: PDF and ZIP documents made by Celery workers (reports app)
# Printed at the top and bottom of every page of a plan PDF (Government Security Classifications).
REPORTS_PROTECTIVE_MARKING = env.str("REPORTS_PROTECTIVE_MARKING", default="OFFICIAL")
# Report files older than this are deleted by beat (reports.report_files_expire).
REPORTS_RETENTION_DAYS = env.int("REPORTS_RETENTION_DAYS", default=30)
# A queued job whose message went to the broker this many minutes ago without starting is sent again.
REPORTS_REPUBLISH_AFTER_MINUTES = env.int("REPORTS_REPUBLISH_AFTER_MINUTES", default=20)
# The report task's own time limits (seconds): one plan PDF, the toolkit, or the ZIP's assembly.
# Keep the hard limit below the broker's visibility timeout, or a long job is handed to a second worker.
REPORTS_TASK_TIME_LIMIT = env.int("REPORTS_TASK_TIME_LIMIT", default=420)
REPORTS_TASK_SOFT_TIME_LIMIT = env.int("REPORTS_TASK_SOFT_TIME_LIMIT", default=360)
# A job still running after this many minutes is marked failed by beat (reports.report_jobs_sweep).
# By default that is after the broker would have redelivered a dead worker's message (its visibility
# timeout; Redis's default is an hour) and a second worker would have finished it, plus a margin.
_visibility_timeout = globals().get("CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("visibility_timeout", 3600)
REPORTS_RUNNING_LIMIT_MINUTES = env.int(
    "REPORTS_RUNNING_LIMIT_MINUTES", default=(_visibility_timeout + REPORTS_TASK_TIME_LIMIT) // 60 + 10
)

# API
# www.django-rest-framework.org
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VAWG Portal API",
    "DESCRIPTION": "Read and write VAWG Portal data: frameworks, toolkit, plans and returns.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Security
# docs.djangoproject.com/en/5.2/topics/security/
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a proxy that terminates TLS (gunicorn behind a load balancer).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logging: everything to stdout, for the container's log collector.
# docs.djangoproject.com/en/5.2/topics/logging/
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
