"""Tiaki settings, all from environment variables (see docs/configuration.md).

TIAKI_MODE is ``demo`` (the default: a laptop or a trial, SQLite allowed, the
second factor may be skipped and a banner says so) or ``production`` (a missing
SECRET_KEY or any unsafe setting stops start-up with a message naming it).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tiaki.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TIAKI_VAR_DIR", str(BASE_DIR.parent / "var")))

MODE = env_str("TIAKI_MODE", "demo").strip().lower()
if MODE not in {"demo", "production"}:
    raise ImproperlyConfigured(f"TIAKI_MODE must be 'demo' or 'production'; it is {MODE!r}.")
PRODUCTION = MODE == "production"

# DEBUG pages show request data, so they are opt-in even in demo mode and
# refused in production (checked below).
DEBUG = env_bool("TIAKI_DEBUG", default=False)

_DEMO_SECRET = "tiaki-demo-only-secret-key-not-for-production-use-0123456789"  # noqa: S105 - refused in production below
SECRET_KEY = env_str("SECRET_KEY") or ("" if PRODUCTION else _DEMO_SECRET)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# NHI numbers starting with Z are reserved for testing; the synthetic agency
# uses only those. Outside production they are accepted, in production refused.
ALLOW_TEST_NHI = env_bool("TIAKI_ALLOW_TEST_NHI", default=not PRODUCTION)

# Second factor: required in production, optional in demo mode.
MFA_REQUIRED = env_bool("TIAKI_MFA_REQUIRED", default=PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "tiaki.staff",
    "tiaki.access",
    "tiaki.audit",
    "tiaki.jobs",
    "tiaki.drafts",
    "tiaki.people",
    "tiaki.chronology",
    "tiaki.intake",
    "tiaki.casework",
    "tiaki.care",
    "tiaki.disclosure",
    "tiaki.inbox",
    "tiaki.privacy",
    "tiaki.home",
    "tiaki.web",
    "tiaki.api",
    "tiaki.demo",
    "tiaki.bench",
]

MIDDLEWARE = [
    # First and last: latency and errors by route name (tiaki.web.metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "tiaki.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tiaki.web.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tiaki.staff.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tiaki.web.middleware.SignedOutNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware last, as django-axes documents.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "tiaki.config.urls"
WSGI_APPLICATION = "tiaki.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            # Each domain's pages keep their templates in <domain>/web/templates
            # (tiaki.web.loaders); the page kernel's base layout is in
            # tiaki/web/templates. Cached: loaders given here are not by default.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.app_directories.Loader", "tiaki.web.loaders.SliceLoader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tiaki.web.context_processors.tiaki",
            ],
            # One way to show a date: {{ value|day }}, {{ value|moment }} (tiaki.web.templatetags.tiaki_dates).
            "builtins": ["tiaki.web.templatetags.tiaki_dates"],
        },
    },
]

# --- Database -------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tiaki.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("TIAKI_DB_CONN_MAX_AGE", default=60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address Tiaki understands: {exc}") from None
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// address.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue
    # instead of failing mid-transaction; WAL lets readers carry on meanwhile.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}
# A streaming replica for dashboard reads (tiaki.access.replica, docs/scaling.md).
# Its tests run against the default test database (a mirror), so no second
# test database is made for it.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    try:
        _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=_db["CONN_MAX_AGE"])
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database address: {exc}") from None
    if _replica["ENGINE"] != "django.db.backends.postgresql" or _db["ENGINE"] != _replica["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// address, with DATABASE_URL one too.")
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["tiaki.access.replica.ReplicaRouter"]
IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Jobs ------------------------------------------------------------------------
# django-tasks (Django 6's task framework, backported) with its database
# backend: the queue is a table in Tiaki's own database, on SQLite and on
# PostgreSQL alike; `tiaki worker` runs it and the schedule (tiaki.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Email ---------------------------------------------------------------------
# Notices' emails (tiaki.inbox.outbox), sent by the worker's inbox.email_send
# job: SMTP in production; in demo mode files in VAR_DIR/mail, one per email,
# unless EMAIL_HOST names a server. An email carries a reason and a link to
# TIAKI_BASE_URL, never personal data (docs/notifications.md).
TIAKI_BASE_URL = env_str("TIAKI_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").strip().rstrip("/")
EMAIL_HOST = env_str("EMAIL_HOST").strip()
EMAIL_PORT = env_int("EMAIL_PORT", default=587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: choose STARTTLS or implicit TLS.")
# Seconds to wait on the mail server before the email waits for the next try.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "" if PRODUCTION else "Tiaki <tiaki@localhost>").strip()
if PRODUCTION or EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:sign-in"

# Sessions end after inactivity: each request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("TIAKI_SESSION_IDLE_MINUTES", default=30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
# How long before the idle sign-out the page warns (session.mjs).
SESSION_WARN_SECONDS = 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
# A plain page in the site's layout (problem details under /api/), never Django's.
CSRF_FAILURE_VIEW = "tiaki.web.errors.csrf_failure"

# Repeated failed sign-ins: django-axes locks the username from that address.
AXES_ENABLED = env_bool("TIAKI_SIGNIN_THROTTLE", default=True)
AXES_FAILURE_LIMIT = env_int("TIAKI_SIGNIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out sign-in may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/sign_in_locked.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Tiaki"

# --- Security headers -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("TIAKI_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Probes and the metrics scraper call the app on loopback over plain http.
SECURE_REDIRECT_EXEMPT = [r"^(livez|readyz|healthz|metrics)$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TIAKI_BEHIND_PROXY", default=False) else None
# The proxies whose X-Forwarded-For (one address) names the client
# (tiaki.web.middleware): nginx on this machine by default; a load balancer
# on its own machine (docs/scaling.md) is named here by its address.
TIAKI_TRUSTED_PROXIES = frozenset(env_list("TIAKI_TRUSTED_PROXIES", ["127.0.0.1", "::1"]))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns (an error under tests) if it is missing
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Case documents. With more than one web node this must be shared
        # storage (docs/scaling.md), while VAR_DIR stays each node's own.
        "OPTIONS": {"location": env_str("TIAKI_MEDIA_DIR", str(VAR_DIR / "media"))},
    },
    "staticfiles": {
        "BACKEND": (
            "tiaki.web.storage.StaticStorage" if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Case documents (tiaki.casework.uploads): the largest file kept, in MB.
# Files over Django's FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) spool to a
# temporary file while the request is read, not to memory.
TIAKI_UPLOAD_MAX_MB = env_int("TIAKI_UPLOAD_MAX_MB", default=20, minimum=1)

# Outside production, serve straight from the apps' static folders, so
# `make demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = False

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "en-nz"
TIME_ZONE = "Pacific/Auckland"
# As the pages' |day and |moment filters show them (tiaki.web.templatetags.tiaki_dates).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
FORMAT_MODULE_PATH = ["tiaki.config.formats"]
USE_I18N = True
USE_TZ = True

# --- API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Problems documented as served, application/problem+json (tiaki.api.schema).
    "DEFAULT_SCHEMA_CLASS": "tiaki.api.schema.TiakiAutoSchema",
    "EXCEPTION_HANDLER": "tiaki.api.problems.problem_exception_handler",
    # JSON with a depth and a size limit, named in its refusals (tiaki.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "tiaki.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
}
REST_KNOX = {
    "TOKEN_TTL": None,  # agency clients' tokens are revoked by an administrator, not timed out
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tiaki API",
    "DESCRIPTION": "The Tiaki case management API for partner agencies and agency clients.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # <id:...> (tiaki.web.converters) takes any digits, but only 1..2^63-1 can name a
    # record; the schema says so, and documents the 404 for the rest.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}},
}

# --- Metrics (tiaki.web.metrics) ----------------------------------------------------
# /metrics answers only "Authorization: Bearer <token>"; unset, it is always a 404.
TIAKI_METRICS_TOKEN = env_str("TIAKI_METRICS_TOKEN").strip()
PROMETHEUS_EXPORT_MIGRATIONS = False  # it would query the database as each process starts

# --- Logging: no personal data -------------------------------------------------
# The formatter drops exception messages (a database error can quote a value)
# and keeps only exception types and stack frames; the filter cuts query
# strings (what a user typed) from every line; see tiaki.web.logging.
# gunicorn's logs: tiaki.config.gunicorn. JSON (one object a line, for
# journald and a log shipper) by default in production, text in demo mode.
LOG_FORMAT = env_str("TIAKI_LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"TIAKI_LOG_FORMAT must be 'json' or 'text'; it is {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tiaki.web.logging.RequestIdFilter"},
        "no_query_strings": {"()": "tiaki.web.logging.QueryStringFilter"},
    },
    "formatters": {
        "private": {
            "()": "tiaki.web.logging.PrivateFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "tiaki.web.logging.PrivateJsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "private",
            "filters": ["request_id", "no_query_strings"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("TIAKI_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's own handlers for these write unfiltered (runserver's request
        # log, with query strings, to stderr; mail_admins with the request's
        # data): everything goes through "console" above instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

# --- Production guard ------------------------------------------------------------
if PRODUCTION:
    _problems: list[str] = []
    if not SECRET_KEY:
        _problems.append("SECRET_KEY is not set (set SECRET_KEY or SECRET_KEY_FILE).")
    elif len(SECRET_KEY) < 50 or SECRET_KEY == _DEMO_SECRET or len(set(SECRET_KEY)) < 5:
        _problems.append("SECRET_KEY is too short or is the demo key: use at least 50 random characters.")
    if DEBUG:
        _problems.append("TIAKI_DEBUG is on: debug pages would show personal data.")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        _problems.append("ALLOWED_HOSTS must name this service's host names (and not '*').")
    if not IS_POSTGRES:
        _problems.append("DATABASE_URL must be PostgreSQL: SQLite is for demos and trials only.")
    if not MFA_REQUIRED:
        _problems.append("TIAKI_MFA_REQUIRED is off: staff must use a second factor in production.")
    if not AXES_ENABLED:
        _problems.append("TIAKI_SIGNIN_THROTTLE is off: repeated failed sign-ins must be throttled.")
    if not TIAKI_BASE_URL:
        _problems.append("TIAKI_BASE_URL is not set: emails link to it (e.g. https://tiaki.agency.example).")
    elif not TIAKI_BASE_URL.startswith("https://") or len(TIAKI_BASE_URL) <= len("https://"):
        _problems.append("TIAKI_BASE_URL must be an https:// address: emails link to it.")
    if not EMAIL_HOST:
        _problems.append("EMAIL_HOST is not set: notices are emailed through an SMTP server.")
    if not DEFAULT_FROM_EMAIL:
        _problems.append("DEFAULT_FROM_EMAIL is not set: the address Tiaki's emails come from.")
    if TIAKI_METRICS_TOKEN and len(TIAKI_METRICS_TOKEN) < 32:
        _problems.append("TIAKI_METRICS_TOKEN is too short: use at least 32 random characters (or leave it unset).")
    if _problems:
        raise ImproperlyConfigured(
            "Tiaki will not start in production mode with unsafe settings:\n  - " + "\n  - ".join(_problems)
        )
