"""Ronten settings: one module, configured by environment variables (see README).

Production defaults are safe (DEBUG off, secure cookies, a required secret key);
`DJANGO_DEBUG=1` is the explicit development mode that `make run` uses.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_float, env_int, env_list, env_secret, env_str

# Django's generic classes (ModelAdmin[Claim], ModelForm[Feed]) subscriptable at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY", debug=DEBUG, dev_default="dev-only-insecure-key-ronten-0123456789abcdef"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ("127.0.0.1", "localhost") if DEBUG else ())
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
RONTEN_PUBLIC_READ = env_bool("RONTEN_PUBLIC_READ", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "axes",
    "curation",
    "claims",
    "timeline",
    "apitokens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Domain errors (a stale version) as HTTP responses, once for every editor's page.
    "claims.middleware.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.roles",
            ],
            # `|web_url` in every template: links rendered from data are http(s) only.
            "builtins": ["curation.templatetags.weblinks"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:inbox"
LOGOUT_REDIRECT_URL = "timeline:index"

LANGUAGE_CODE = env_str("DJANGO_LANGUAGE_CODE", "ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain files otherwise.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: safe by default, relaxed only by the explicit development mode.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): our own scripts and styles only. Two inline pieces are
# allowed by their hashes: the language menu's `onchange="this.form.submit()"` (base.html) and
# the indicator <style> htmx inserts (htmx 2, includeIndicatorStyles). htmx runs no eval here
# (no hx-on, hx-vars or trigger conditions). The API docs (Swagger UI) relax this in urls.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [
            "'self'",
            "'unsafe-hashes'",
            "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='",
        ],
        "style-src": ["'self'", "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords for one username from one
# address lock that pair out for AXES_COOLOFF_MINUTES; the login page says so in the user's
# language. Behind a proxy, axes reads the client address the way Django does (REMOTE_ADDR).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Its start-up banner on every command is noise; lockouts are still logged.
AXES_VERBOSE = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token scheme first: a bad token is a 401 with WWW-Authenticate.
        "apitokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.permissions.CanReadClaims"],
    # The browsable API only in development.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The services' domain errors (stale version, refused transition) as HTTP, once.
    "EXCEPTION_HANDLER": "timeline.api.exception_handler",
    # Anonymous readers are limited per IP address, token holders per token (higher).
    "DEFAULT_THROTTLE_CLASSES": ["apitokens.throttling.PerClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env_str("API_THROTTLE_ANONYMOUS", "120/min"),
        "token": env_str("API_THROTTLE_TOKEN", "1200/min"),
    },
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1 if env_bool("DJANGO_BEHIND_PROXY", False) else 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ronten API",
    "DESCRIPTION": "Curated claims about the 2025 Russia–Ukraine negotiations, with their sources.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Links from each claim answer to the calls that follow it (its id, its ETag as If-Match).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "timeline.api.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "timeline.serializers.PRECISIONS",
        "DeadlinePrecisionEnum": "timeline.serializers.DEADLINE_PRECISIONS",
    },
}

# API tokens (django-rest-knox, our own model with names and scopes): hashed, never expiring
# unless an expiry is set on the token.
KNOX_TOKEN_MODEL = "apitokens.ApiToken"
# knox's own migrations create its (swapped-out) table anyway; without them nothing is made.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token", "TOKEN_PREFIX": "rtn_"}
# Incremental sync: the next pass starts this many seconds before the last one did.
API_SYNC_OVERLAP_SECONDS = env_int("API_SYNC_OVERLAP_SECONDS", 60)
# CORS for the API only, by origin (comma-separated, e.g. https://dash.example.org).
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-match", "if-none-match"]

# Celery: an external broker in production; without one, tasks run eagerly in-process
# (the embedded mode `make run` uses on a fresh machine).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "ronten")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A killed worker's tasks come back within a minute (README, "Recovery"): through the sweeper
# (period CELERY_SWEEP_SECONDS, a fetch claim is stale after FETCH_STALE_CLAIM_SECONDS), and
# through Redis itself, which redelivers a message unacknowledged for CELERY_VISIBILITY_TIMEOUT,
# scanning every CELERY_RESTORE_INTERVAL seconds. The visibility timeout stays above the
# longest task plus the longest countdown, or running and waiting tasks would be doubled.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 120),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 5),
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every task runs under a soft limit (SoftTimeLimitExceeded is raised in it: a fetch records a
# "time_limit" failure and retries) and a hard one (the child is killed; a page that gets its
# fetch killed FETCH_MAX_STARTS times is given up as failed, never swept again).
CELERY_TASK_SOFT_TIME_LIMIT = env_float("CELERY_TASK_SOFT_TIME_LIMIT", 35.0)
CELERY_TASK_TIME_LIMIT = env_float("CELERY_TASK_TIME_LIMIT", 40.0)
CELERY_SWEEP_SECONDS = env_int("CELERY_SWEEP_SECONDS", 5)
# No task outlives its hard limit: a fetch claimed longer ago than that was lost with its worker.
FETCH_STALE_CLAIM_SECONDS = env_float("FETCH_STALE_CLAIM_SECONDS", CELERY_TASK_TIME_LIMIT + 2)
# Retries further off than this are not held by a worker (and by Redis as unacknowledged) but
# left pending with their due time for the sweeper to queue.
FETCH_MAX_COUNTDOWN = env_float("FETCH_MAX_COUNTDOWN", 60.0)
CELERY_TIMEZONE = TIME_ZONE

# The API's throttle counters live in their own cache: shared by every process when it is Redis
# (the broker's by default), per process otherwise. The default cache stays in memory.
API_THROTTLE_CACHE_URL = env_str(
    "API_THROTTLE_CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
RONTEN_PUBLISHED_CACHE_URL = env_str("RONTEN_PUBLISHED_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered pages of the published side (see RONTEN_PUBLISHED_CACHE_SECONDS): shared by
    # every process in Redis when RONTEN_PUBLISHED_CACHE_URL names one, else per process (at
    # most 300 pages of ~50-100 kB each).
    "published": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": RONTEN_PUBLISHED_CACHE_URL,
        "KEY_PREFIX": "ronten-published",
    }
    if RONTEN_PUBLISHED_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "published"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": API_THROTTLE_CACHE_URL,
        "KEY_PREFIX": "ronten-throttle",
    }
    if API_THROTTLE_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
}

# Fetching
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS")
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT", "RontenBot/0.1 (+https://github.com/ronten; news claim curation)"
)
FETCH_CONNECT_TIMEOUT = env_float("FETCH_CONNECT_TIMEOUT", 5.0)
FETCH_READ_TIMEOUT = env_float("FETCH_READ_TIMEOUT", 15.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000)
FETCH_MAX_RETRIES = env_int("FETCH_MAX_RETRIES", 4)
FETCH_MAX_STARTS = env_int("FETCH_MAX_STARTS", 8)
FETCH_RETRY_BACKOFF = env_float("FETCH_RETRY_BACKOFF", 30.0)
FETCH_RESPECT_ROBOTS = env_bool("FETCH_RESPECT_ROBOTS", True)
FETCH_POLITENESS_DELAY = env_float("FETCH_POLITENESS_DELAY", 1.0)
# Requests to one host at once, across all workers; a worker that finds them all taken waits
# up to FETCH_HOST_MAX_WAIT seconds, then retries the task later.
FETCH_HOST_CONCURRENCY = env_int("FETCH_HOST_CONCURRENCY", 2)
FETCH_HOST_MAX_WAIT = env_float("FETCH_HOST_MAX_WAIT", 10.0)
# Wall-clock cap on one response body; with the connect timeout and the politeness delay it is
# also the lease of a per-host slot, which a killed worker's slot outlives by at most that.
FETCH_TOTAL_TIMEOUT = env_float("FETCH_TOTAL_TIMEOUT", 20.0)
# Where the per-host limits are shared: the Redis broker by default; without one, per process.
FETCH_HOST_GATE_URL = env_str(
    "FETCH_HOST_GATE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
FETCH_HOST_GATE_PREFIX = env_str("FETCH_HOST_GATE_PREFIX", "ronten:fetch-host:")
FETCH_MAX_PAGES = env_int("FETCH_MAX_PAGES", 5)
# Queue the upstream articles that aggregator sections cite (off: they are usually elsewhere).
FETCH_FOLLOW_CITATIONS = env_bool("FETCH_FOLLOW_CITATIONS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Editing a published (approved) claim: False keeps it published with an "edited after
# approval" mark in its history; True sends it back to the review queue.
RONTEN_APPROVED_EDITS_TO_REVIEW = env_bool("RONTEN_APPROVED_EDITS_TO_REVIEW", False)
# Serve the demo site at /demo/site/ (what `make run` loads and polls); off in production.
RONTEN_SERVE_DEMO = env_bool("RONTEN_SERVE_DEMO", DEBUG)
# "Poll now" without a broker (tasks in-process, as under `make run`): run in a thread so the
# browser does not wait; the feed page follows its progress.
RONTEN_POLL_IN_THREAD = env_bool("RONTEN_POLL_IN_THREAD", DEBUG)
# The published side (timeline results, API claim lists) keeps what it rendered for a request
# until any claim changes (the key holds the newest claim change) or this many seconds pass
# (outlet and issue names); 0 renders every request afresh.
RONTEN_PUBLISHED_CACHE_SECONDS = env_int("RONTEN_PUBLISHED_CACHE_SECONDS", 300)
