"""
Settings for VAWG Portal: one file, driven by the environment (django-environ).

DEBUG is off unless set, and then the portal refuses to start without SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL. With DEBUG=true and nothing else (as `make run` does) it runs for development:
SQLite, Celery eager, email to the console. Every variable is listed, with a comment, in
.env.example.
"""

from pathlib import Path

import drf_spectacular_sidecar
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE names another file (os.devnull for none); the environment always wins over the file.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)


def _secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (container secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


# Core
# docs.djangoproject.com/en/5.2/ref/settings/
# Off unless set: a deployment that forgets it must not serve debug pages. `make run`, `make lint`,
# the worker targets and the tests (pyproject.toml, pytest-env) set DEBUG=true for development.
DEBUG = env.bool("DEBUG", default=False)

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
            f"DEBUG is false, so these must be set: {', '.join(missing)} (see .env.example; "
            "for development, set DEBUG=true)"
        )
    SECRET_KEY = _secret("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Where the public reports accessibility problems (shown on the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="vawg-portal-accessibility@example.org")
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
    "csp",
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
    "notifications",
    "frameworks",
    "toolkit",
    "action_plans",
    "performance",
    "compliance",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Gzip for /api/ answers only: pages with a CSRF token stay uncompressed (BREACH; see the class).
    "common.middleware.ApiGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    # Every API error as problem details, whoever answered it (issue 13).
    "common.middleware.ApiProblemMiddleware",
    # Before anything that reads the path or query string: a NUL byte is a 400 (see the module).
    "common.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "common.middleware.PrivateNoStoreMiddleware",
    "common.middleware.ApiConditionalGetMiddleware",
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
                "accounts.context_processors.session_timeout",
                "notifications.context_processors.attention_count",
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
if USING_POSTGRES:
    # A database host that does not answer fails a connection in seconds, not minutes, so
    # /healthz reports it and web workers are not held (libpq's connect_timeout, in seconds).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: process memory by default. It holds the sign-in, reset-email and throttle counters, so a
# deployment with several gunicorn workers sets CACHE_URL to Redis (e.g. redis://redis:6379/1).
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
# Argon2 first (Django's recommendation), with OWASP's parameters (accounts/hashers.py): about
# 25 ms of one core per sign-in instead of PBKDF2's ~0.4 s, so a burst of sign-ins no longer stalls
# every page. PBKDF2 hashes (and Argon2 hashes with other parameters) still verify and are rehashed
# at the next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Client addresses --------------------------------------------------------------------------------
# How many proxies in front of the app append to X-Forwarded-For (a TLS-terminating load balancer
# is 1). 0 means none: the address is REMOTE_ADDR and X-Forwarded-For is ignored, because a client
# can send any X-Forwarded-For it likes. Set it to exactly the number of proxies you run: too high
# and clients choose their own address (escaping every limit below); too low and every client
# shares the proxy's address. Used by sign-in lockout, reset-email limits and all throttles.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Login throttling ---------------------------------------------------- django-axes.readthedocs.io
# Lock an account for one client address after AXES_FAILURE_LIMIT failures: failures from one
# address cannot lock the account everywhere (issue 7 showed five requests locked the national
# coordinator out). AXES_ACCOUNT_FAILURE_LIMIT, checked by accounts.throttling.AxesHandler, locks
# the account from every address once that many failures come from anywhere in the cool-off time,
# which stops slow guessing spread across many addresses.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttling.AxesHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Password-reset emails: at most this many an hour per email address, and per client address.
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)

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
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Redoc for the API docs page, from drf-spectacular-sidecar (SPECTACULAR_SETTINGS REDOC_DIST),
    # at the address the sidecar app would give it. Only Redoc: the app would also collect Swagger
    # UI, which we never serve and which made collectstatic four times slower.
    ("drf_spectacular_sidecar/redoc", Path(drf_spectacular_sidecar.__file__).parent / "static"
     / "drf_spectacular_sidecar" / "redoc"),
]
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
# Source maps (Redoc's is 4 MB) are read only by browser developer tools: compressing them at
# collectstatic time took longer than everything else together.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
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
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the worker tests count files).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VAWG Portal <no-reply@vawg-portal.invalid>")
# A hung mail server holds a worker for at most this long (Django's default is no timeout).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Code that may not import notifications sends through this backend: the email goes to the outbox.
OUTBOX_EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
# An outbox row claimed for sending longer ago than this was claimed by a worker that died: send it
# again. Longer than notifications.email_deliver's hard time limit (60 s).
NOTIFICATIONS_SENDING_STALE_SECONDS = env.int("NOTIFICATIONS_SENDING_STALE_SECONDS", default=120)

# Celery
# docs.celeryq.dev/en/stable/userguide/configuration.html
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: no caller reads a task's result (status lives on our rows: the outbox, report
# jobs). A result backend made every publish subscribe to a Redis channel and retry for ~20 s.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# With no broker configured, tasks run in the calling process: `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it to be redelivered;
# every task is idempotent. When the worker's child process is killed (OOM, time limit), the
# message goes back to the queue at once rather than waiting for the visibility timeout.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits for every task; tasks that need less set their own (notifications: 60 s).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# Redis redelivers an unacknowledged message after this long (default one hour). It must be longer
# than the longest hard time limit, or a running task would be handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "socket_connect_timeout": 2,
    "health_check_interval": 25,
}
# Publishing from a web request (notifications.services.email_publish) uses its own connection
# with this connect/socket timeout in seconds and no retries: Redis down costs a request at most this.
CELERY_PUBLISH_TIMEOUT = env.float("CELERY_PUBLISH_TIMEOUT", default=0.5)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
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
_visibility_timeout = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
REPORTS_RUNNING_LIMIT_MINUTES = env.int(
    "REPORTS_RUNNING_LIMIT_MINUTES", default=(_visibility_timeout + REPORTS_TASK_TIME_LIMIT) // 60 + 10
)

# API
# www.django-rest-framework.org
REST_FRAMEWORK = {
    # A personal token (Authorization: Bearer ...) for systems; the session (with CSRF) for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Unknown query parameters and unknown ordering fields are a 400 (common.api).
    "DEFAULT_FILTER_BACKENDS": ["common.api.StrictFilterBackend", "common.api.StrictOrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "common.api.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    # Throttles: per client address for anonymous use, per token (or per user in the browser) when
    # signed in; 429 with Retry-After beyond. "toolkit_search" is the public search page
    # (accounts.throttling.SearchThrottle).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "accounts.authentication.UserOrTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="300/hour"),
        "user": env.str("API_THROTTLE_USER", default="5000/hour"),
        "toolkit_search": env.str("TOOLKIT_SEARCH_THROTTLE", default="120/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VAWG Portal API",
    "DESCRIPTION": (
        "The portal's data for forces' own systems and the national team's analysis tools, with the "
        "same rules as the pages: forces; frameworks with their pillars, outcomes and actions; the "
        "misogyny toolkit (public); action plans, their actions, progress updates and review comments, "
        "and the workflow's steps (send for sign-off, sign off, send back, submit, return, approve); "
        "performance measures, periods, returns and figures, read and written; report jobs; and bulk "
        "CSV exports of approved plans and returns for national roles.\n\n"
        "**Authentication**: a personal token from your account page, sent as "
        "`Authorization: Bearer <token>`; it acts with your role and force. The browser session also "
        "works (with the CSRF token on writes).\n\n"
        "**Errors** are RFC 9457 problem details (`application/problem+json`): `type`, `title`, "
        "`status`, `detail`, `instance`, and `errors` (field problems) on a 400. Another force's "
        "unpublished work is a 404; a role that may not act, a 403; a step the object's state does "
        "not allow, a 409.\n\n"
        "**Safe writes**: every object has an `ETag`; updates need `If-Match` (428 without it, 412 if "
        "the object changed). Creating POSTs (progress updates, returns) take an `Idempotency-Key`.\n\n"
        "**Reads**: filters (an unknown query parameter is a 400), `ordering`, `page_size` up to 200, "
        "cursor pages on large lists, `updated_since` for incremental sync, `If-None-Match` (304), gzip. "
        "Throttled per token and per anonymous client (429 with `Retry-After`).\n\n"
        "**Versioning**: this is version 1, in the path (`/api/v1/`). Within v1, changes only add "
        "(operations, optional parameters, response fields); anything that would break a client comes "
        "as `/api/v2/`, and v1 then keeps working for at least 12 months, announced by a "
        "`Deprecation` and `Sunset` header on its answers."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "action_plans.models.ActionPlan.Status",
        "ActionStatusEnum": "action_plans.models.LocalAction.Status",
        "ReturnStatusEnum": "performance.models.Return.Status",
        "FrameworkStatusEnum": "frameworks.models.Framework.Status",
        "OffenceStatusEnum": "toolkit.models.Offence.Status",
        "ReportJobStatusEnum": "reports.models.ReportJob.Status",
        "ReportKindEnum": "reports.models.ReportJob.Kind",
        "ToolKindEnum": "toolkit.models.Tactic.Kind",
        "ForceKindEnum": "accounts.models.Force.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.add_problem_responses",
    ],
    # Redoc is served from our own static files (drf-spectacular-sidecar), not a public CDN.
    "REDOC_DIST": "SIDECAR",
}

# Security
# docs.djangoproject.com/en/5.2/topics/security/
SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without activity (accounts.middleware), not at a fixed time after
# sign-in; the page warns SESSION_TIMEOUT_WARNING_SECONDS before (WCAG 2.2.1, GOV.UK timeout pattern).
SESSION_TIMEOUT_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
if SESSION_COOKIE_AGE <= SESSION_TIMEOUT_WARNING_SECONDS:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be at least 3: the warning comes 2 minutes before")
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer and the container health check call these over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a proxy that terminates TLS (gunicorn behind a load balancer).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy ------------------------------------ django-csp.readthedocs.io
# Scripts and styles only from our own origin; the one inline script (GOV.UK's body-class snippet
# in base.html) carries the per-request nonce. No inline styles: htmx's indicator styles are off
# (meta htmx-config in base.html). The API docs page relaxes styles and workers for Redoc alone
# (common/api.py). CSP_REPORT_ONLY=true sends the same policy as report-only, to find breakages
# on a live service before enforcing it.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": env.list("CSP_REPORT_URI", default=[]) or None,
    },
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = _CSP
# Features no page uses, switched off for the page and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "sync-xhr", "usb",
        "xr-spatial-tracking",
    )
}

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
