"""
Settings for the APCN Training Catalog.

Every setting comes from the environment, with a default that is safe for a developer's machine:
SQLite in `db.sqlite3`, mail printed to the console. DEBUG is off unless the environment turns it
on (`make run`, `make test` and the test settings do), so a forgotten variable on a server never
shows tracebacks to visitors; a production start refuses to run without a real SECRET_KEY and
ALLOWED_HOSTS rather than guess them.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# django-environ parses the URL-shaped and typed values (DATABASE_URL, EMAIL_URL, numbers); the
# two small helpers below keep the plain flags and lists forgiving of blank values.
env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off when unset: production-safe. Development (`make run`) and the tests turn it on explicitly.
DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-apcn-local-development-only"  # noqa: S105 - DEBUG only
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. A production start (DEBUG off) needs a long random "
            "SECRET_KEY in the environment, e.g. from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. A production start (DEBUG off) needs the host names the "
        "site is served under, comma-separated, e.g. ALLOWED_HOSTS=training.apcn.example."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin with the catalog's admin site (apcn/admin_site.py).
    "apcn.admin_config.CatalogAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "courses",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped for browsers that ask (the catalog: 40 KB of HTML, 6 KB on the wire). After
    # WhiteNoise, which serves its own pre-compressed static files. BREACH: Django masks the CSRF
    # token afresh on every response and GZipMiddleware pads each response with random bytes,
    # so a secret cannot be read from compressed sizes (see README, "Compression").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the user's choice (session/cookie from /i18n/setlang/), then Accept-Language,
    # then English. After sessions (it reads them), before common (which may redirect).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in member's stored language and time zone win over the cookie and the browser.
    "courses.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on every historical record (admin and web UI alike).
    "simple_history.middleware.HistoryRequestMiddleware",
    # The catalog's cached parts read the database's catalog version once per request.
    "courses.catalog_cache.CatalogVersionMiddleware",
]

ROOT_URLCONF = "apcn.urls"
WSGI_APPLICATION = "apcn.wsgi.application"

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
                "courses.context_processors.membership",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
            ],
        },
    },
]

# SQLite file next to manage.py unless DATABASE_URL names another database
# (postgres://user:password@host:5432/name for production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One cache for every app server: CACHE_URL=redis://host:6379/0 in production (the catalog's
# counts and pages are shared, and a write invalidates them everywhere); by default the
# process's own memory, which is right for one process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "apcn.cache.RedisCache"
# Every key names the database it was read from: two catalogs sharing one Redis (two
# deployments, a staging copy, the benchmark's two sizes) never show each other's rows, whose
# ids and versions may well be the same. CACHE_KEY_PREFIX chooses another prefix.
_database = DATABASES["default"]
CACHES["default"].setdefault(
    "KEY_PREFIX",
    env.str(
        "CACHE_KEY_PREFIX",
        default=f"{_database.get('HOST') or ''}:{_database.get('PORT') or ''}/{_database['NAME']}",
    ),
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# The network's languages: English (the working language and the source of every string),
# Vietnamese, Bahasa Indonesia and Thai. Each name is written in its own language in the menu.
LANGUAGES = [
    ("en", "English"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("th", "ไทย"),
]
# locale_extra: what Django and third-party packages (admin, auth, simple_history) lack in vi/id/th.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_extra"]
# Dates in each language's own formats (apcn/formats/<lang>/formats.py where Django's differ).
FORMAT_MODULE_PATH = ["apcn.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Mail: EMAIL_URL (smtp+tls://user:password@host:587, see django-environ) or the console.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "APCN Training Catalog <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds the SMTP connection may wait for the mail server. Only the outbox worker ever talks
# to it (a user's action only queues), so a hung server slows the worker, never a page.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)

# The durable outbox (courses/notifications): its queue is django-tasks' database backend, run
# by `manage.py outbox_worker`. A failed delivery is tried again after OUTBOX_RETRY_SECONDS,
# doubling each time, up to OUTBOX_MAX_ATTEMPTS attempts; then it waits for the network admin.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["outbox"]}}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)

# The address links in e-mails point at (no request is at hand when a mail is built).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # stdout, so a container runtime or systemd collects the app's log with gunicorn's.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Catalog
CATALOG_PAGE_SIZE = 20

# Audit history (django-simple-history). Reverting from the history view would write around
# the services and their rules (capacity, slugs), so it is switched off.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Demo data: the password `manage.py seed_demo` gives every demo account (never used in production:
# the command refuses to run with DEBUG off unless forced).
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "") or "peacekeeping"
# Resource library: the largest file a trainer may upload (RESOURCE_MAX_UPLOAD_MB, default 50).
RESOURCE_MAX_UPLOAD_BYTES = env.int("RESOURCE_MAX_UPLOAD_MB", default=50) * 1024 * 1024
RESOURCE_PAGE_SIZE = 20

# Training plan and participation report. The UN's 2028 targets for women: 25% among military
# observers and staff officers, 15% in contingents (Uniformed Gender Parity Strategy).
WOMEN_PARTICIPATION_TARGET = env.float("WOMEN_PARTICIPATION_TARGET", default=0.25)
WOMEN_CONTINGENT_TARGET = env.float("WOMEN_CONTINGENT_TARGET", default=0.15)

# Named participants: their names, e-mails, ranks and posts are erased this many months after
# the offering ends (`manage.py purge_participant_data`, daily from cron); gender and service stay
# for the reports.
PARTICIPANT_RETENTION_MONTHS = env.int("PARTICIPANT_RETENTION_MONTHS", default=24)
# Evaluations: a participant's link opens this many days after the offering ends; the host and
# the network see aggregates only from this many answers on (anonymity).
EVALUATION_OPEN_DAYS = env.int("EVALUATION_OPEN_DAYS", default=60)
EVALUATION_MIN_ANSWERS = env.int("EVALUATION_MIN_ANSWERS", default=3)

# Production rails ------------------------------------------------------------------------------
import datetime  # noqa: E402 - kept with the section that needs it, so merges stay additive

from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp", "axes"]
# The Content-Security-Policy header on every response (apcn/csp.py); axes last, as its docs
# ask, so it sees the outcome of every login attempt.
MIDDLEWARE += ["apcn.csp.SiteCSPMiddleware", "axes.middleware.AxesMiddleware"]

# Content-Security-Policy through django-csp (Django's own CSP support arrives only in Django 6,
# which needs Python 3.12). Everything comes from our own origin; no inline script or style is
# allowed anywhere, so an injected <script> or style attribute does nothing.
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
    }
}

# Failed logins are throttled by django-axes: AXES_FAILURE_LIMIT failures lock that
# username + client IP pair for AXES_COOLOFF_MINUTES; a success clears the count. Another IP (a
# colleague at another centre) can still sign in to the same account, and an attacker cannot
# lock a user out from everywhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address behind reverse proxies. django-ipware (which axes uses when installed)
# reads it; AXES_PROXY_COUNT says how many proxies stand in front of the app, each appending the
# address it saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for). The client is then the
# AXES_PROXY_COUNT-th address from the right: what a client writes into the header itself stays
# to the left and is never believed, so nobody can pose as another address (to lock its owner
# out, or to dodge the throttle). Without proxies (0, the default) only REMOTE_ADDR counts.
# (Read into a private name: axes 8 warns about a setting called AXES_PROXY_COUNT.)
_proxy_count = env.int("AXES_PROXY_COUNT", default=0)
if _proxy_count > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies inside the header; the last proxy is REMOTE_ADDR, not in it.
    AXES_IPWARE_PROXY_COUNT = _proxy_count - 1
    # "left-most": the header reads client first, as proxies write it.
    AXES_IPWARE_PROXY_ORDER = "left-most"
    # Not strict: a header carrying more addresses than proxies (a client's own, forged or from
    # its office proxy) still yields the address our first proxy saw, instead of no address.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# Static files: WhiteNoise serves them from STATIC_ROOT (`collectstatic`); in production with
# hashed, compressed names so they can be cached forever. Media: local disk under MEDIA_ROOT, or
# an S3-compatible bucket through django-storages when AWS_STORAGE_BUCKET_NAME is set (files
# stay private there too: downloads go through the app's views, which check who may see them).
_media_storage: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Empty means AWS itself; set it for MinIO, Ceph, Scaleway, Wasabi and the like.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (read
            # by boto3), or the instance's role.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "location": os.environ.get("AWS_LOCATION", "media"),
        },
    }
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production hardening: with DEBUG off the site is served over TLS by a reverse proxy that sets
# X-Forwarded-Proto; cookies are HTTPS-only and browsers are told to stay on HTTPS (HSTS).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy may redirect to HTTPS itself; SECURE_SSL_REDIRECT=0 leaves that to it.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# The planner settings of the app's PostgreSQL connections, for the catalog's short queries:
# - the JIT compiler is meant for long analytical queries; on the catalog's its compile step
#   alone cost ~200 ms per query at 100k courses (bench/run.py): off (DATABASE_JIT=1 for on);
# - parallel workers for one page's query fight the other requests for the machine's cores:
#   one process per request (DATABASE_PARALLEL_WORKERS);
# - a random page read costs 1.1, for SSDs and a catalog held in memory: PostgreSQL's default,
#   4, is for spinning disks and makes it read the whole course table rather than the pages a
#   search's index points to (DATABASE_RANDOM_PAGE_COST);
# - a sort or hash may use 16 MB before it spills to disk: PostgreSQL's default, 4 MB, sent
#   the facet counts of a filter that matches most of 100k courses (their ids, centres and
#   themes, ~7 MB) to temporary files (DATABASE_WORK_MEM).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _planner = {
        "max_parallel_workers_per_gather": env.int("DATABASE_PARALLEL_WORKERS", default=0),
        "random_page_cost": env.float("DATABASE_RANDOM_PAGE_COST", default=1.1),
        "work_mem": env.str("DATABASE_WORK_MEM", default="16MB"),
    }
    if not env_bool("DATABASE_JIT", False):
        _planner["jit"] = "off"
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = " ".join(
        [
            _pg_options.get("options", ""),
            *(f"-c {name}={value}" for name, value in _planner.items()),
        ]
    ).strip()

# The catalog's covering indexes (`Index(include=...)`) carry extra columns on PostgreSQL only;
# on SQLite they are plain indexes, which is all the embedded database needs.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # The outbox worker writes to the same SQLite file as the server. A transaction that
    # starts reading and then writes could find the other process's write lock and fail at
    # once ("database is locked"); taking the write lock when it begins, and waiting up to
    # 20 s for it, makes the two queue up instead.
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite_options.setdefault("timeout", 20)

# The REST API (/api/v1/, courses/api/) ------------------------------------------------------
# Django REST framework over the same services and permission functions as the pages; its
# OpenAPI 3 document by drf-spectacular, its readable docs (Swagger UI) served from our own
# static files by the sidecar package, with no CDN.
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "courses.api.authentication.TokenAuthentication",
        # A signed-in member trying the API from its docs page (CSRF-checked on writes).
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Reads are open to visitors (they see what a visitor sees on the pages); which objects each
    # caller sees, and who may write, is decided by courses/permissions.py in each view.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "courses.api.throttling.TokenRateThrottle",
        "courses.api.throttling.AddressRateThrottle",
    ],
    # Per token (or signed-in member) and per client address, counted in the default cache:
    # with several app servers, set a shared cache (Redis) so that they count together.
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_THROTTLE_TOKEN", "") or "1200/hour",
        "address": os.environ.get("API_THROTTLE_ADDRESS", "") or "600/hour",
    },
    # The client's address behind N reverse proxies, the same count log-in throttling trusts.
    "NUM_PROXIES": env.int("AXES_PROXY_COUNT", default=0),
    "EXCEPTION_HANDLER": "courses.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "APCN Training Catalog API",
    "DESCRIPTION": (
        "The shared training catalog of the ASEAN Peacekeeping Centres Network: centres, "
        "themes, courses and their offerings, training resources, and a centre's seat requests. "
        "Send `Authorization: Token <key>` (create a key at /account/tokens/) to act as that "
        "member, with exactly its rights; without it you see what a visitor sees."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "courses.api.schema.add_links",
    ],
    # Several models have a `status` (and a `kind`): each its own named enum in the document.
    "ENUM_NAME_OVERRIDES": {
        "CentreKindEnum": "courses.models.centres.CentreKind",
        "ResourceKindEnum": "courses.models.library.ResourceKind",
        "CourseStatusEnum": "courses.models.catalog.CourseStatus",
        "OfferingStatusEnum": "courses.models.catalog.OfferingStatus",
        "SeatRequestStatusEnum": "courses.models.exchange.SeatRequestStatus",
    },
}
# Webhooks: each attempt's time limit, and (tests and local development only) whether a
# receiver on this machine over plain HTTP is allowed; never in production, where every
# webhook goes to a public https:// address (checked again at each delivery).
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)

# Password reset: each e-mail address may ask for a link PASSWORD_RESET_LIMIT_PER_EMAIL times,
# and each client address PASSWORD_RESET_LIMIT_PER_CLIENT times, per hour (counted in the cache).
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_WINDOW_SECONDS = 3600
# Checking certificates: each client address may look up CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT codes
# that do not exist per hour (genuine ones do not count); then 429 until the hour is over.
CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT = env.int("CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT", default=20)
CERTIFICATE_LOOKUP_WINDOW_SECONDS = 3600
