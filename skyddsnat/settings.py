"""Skyddsnät settings: one file, configured by environment variables.

DATABASE_URL picks the database (default: the local PostgreSQL server); the demo script points it at
an embedded SQLite file.
"""

import datetime as dt
import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("SKYDDSNAT_DEBUG")
SECRET_KEY = os.environ.get("SKYDDSNAT_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not os.environ.get("SKYDDSNAT_ALLOW_INSECURE_KEY"):
        raise RuntimeError("Set SKYDDSNAT_SECRET_KEY (or SKYDDSNAT_DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

# The key of the pseudonyms in the national statistics files (an HMAC of the identity number): its
# own key, so that rotating SECRET_KEY (which logs everyone out) does not give every child a new
# code. Required in production like the secret key; the demo and the tests use a fixed one.
SKYDDSNAT_PSEUDONYM_KEY = os.environ.get("SKYDDSNAT_PSEUDONYM_KEY", "")
if not SKYDDSNAT_PSEUDONYM_KEY:
    if not DEBUG and not os.environ.get("SKYDDSNAT_ALLOW_INSECURE_KEY"):
        raise RuntimeError(
            "Set SKYDDSNAT_PSEUDONYM_KEY (or SKYDDSNAT_DEBUG=1 for local development)."
        )
    SKYDDSNAT_PSEUDONYM_KEY = "insecure-development-pseudonym-key"  # noqa: S105

ALLOWED_HOSTS = os.environ.get("SKYDDSNAT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# The reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For and
# X-Forwarded-Proto are believed; from any other address those headers are dropped
# (skyddsnat.lib.proxies). Empty: the app is reached directly.
SKYDDSNAT_TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get("SKYDDSNAT_TRUSTED_PROXIES", "").split(",")
    if entry.strip()
]
for _proxy in SKYDDSNAT_TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy)  # a typo stops the start, not a request
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins (scheme and host) a form may be posted from besides the app's own, for a proxy that
# changes the Host header: e.g. https://skyddsnat.kommun.se.
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("SKYDDSNAT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "skyddsnat.organisation",
    "skyddsnat.people",
    "skyddsnat.cases",
    "skyddsnat.children",
    "skyddsnat.audit",
    "skyddsnat.lss",
    "skyddsnat.followup",
    "skyddsnat.api",
    "skyddsnat.demo",
    "skyddsnat.drafts",
    "skyddsnat.logreview",
    "skyddsnat.investigations",
    # Staff sign-in: the second factor (django-otp's TOTP devices), the throttle (django-axes)
    # and single sign-on (skyddsnat.signin).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "skyddsnat.signin",
    "skyddsnat.care",
    # The job queue (procrastinate, on PostgreSQL) and the scheduled jobs with their notices.
    "procrastinate.contrib.django",
    "skyddsnat.jobs",
    "skyddsnat.programmes",
    "skyddsnat.eservices",
    "skyddsnat.retention",
    # Consent as a record and partner access (issue 10 points 1 and 2).
    "skyddsnat.partners",
    # Outreach contacts and welfare-crime signals (issue 10 points 6 and 7).
    "skyddsnat.outreach",
    "skyddsnat.welfarecrime",
    # Records (issue 14): letters from templates as PDF; documents taken in on a case.
    "skyddsnat.letters",
    "skyddsnat.documents",
]

MIDDLEWARE = [
    # Before anything reads the scheme or the client: forwarding headers from untrusted peers go.
    "skyddsnat.lib.proxies.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The collected static files (collectstatic), served before the app's own middleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost after security, so that error pages (404, 500) get the headers too.
    "skyddsnat.lib.no_store.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the request: NUL bytes and broken UTF-8 answer 400 here.
    "skyddsnat.api.middleware.UnreadableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a session idle for SKYDDSNAT_SESSION_IDLE_MINUTES, before anything uses the user.
    "skyddsnat.signin.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user who owes the second factor reaches only the code and enrolment pages.
    "skyddsnat.signin.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "skyddsnat.audit.middleware.AuditContextMiddleware",
    # With DATABASE_REPLICA_URL: the follow-up area's GETs read from the replica (lib/replica.py).
    "skyddsnat.lib.replica.FollowUpReadsMiddleware",
    # Last: turns a sign-in refused by the throttle into 429 (skyddsnat.signin.throttle).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skyddsnat.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "skyddsnat" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The count of unread notices in the header (skyddsnat.jobs).
                "skyddsnat.jobs.context_processors.notices",
            ],
        },
    },
]

WSGI_APPLICATION = "skyddsnat.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skyddsnat"),
        conn_max_age=60,
    )
}

# A PostgreSQL streaming replica (hot standby) of DATABASE_URL, optional: the follow-up area's reads
# go there, everything else (every write, every caseworker read) stays on the primary
# (skyddsnat/lib/replica.py, docs/operations.md). In the tests the alias mirrors the test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# The views whose GETs are follow-up reads: modules (with what lies under them) or single views.
SKYDDSNAT_REPLICA_VIEWS = [
    "skyddsnat.followup",
    "skyddsnat.api.followup",
    # The LSS October statistics file for Socialstyrelsen (a national export).
    "skyddsnat.lss.views.reports.october_statistics",
]
# After a write, that browser's follow-up reads stay on the primary this long (replica lag).
SKYDDSNAT_REPLICA_PIN_SECONDS = int(os.environ.get("SKYDDSNAT_REPLICA_PIN_SECONDS", "10"))

AUTH_USER_MODEL = "organisation.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes first: it refuses a locked username and client address before any password is
# checked (AXES_* below).
AUTHENTICATION_BACKENDS = [
    "skyddsnat.signin.throttle.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if _env_bool("SKYDDSNAT_FAST_PASSWORDS"):
    # Tests only: a cheap hasher so that creating personas costs nothing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases-my-cases"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
# The UI is Swedish for everyone, whatever language the browser asks for.
LANGUAGES = [("sv", "Svenska")]
# The public e-services (skyddsnat.eservices) alone offer English as a second language: their
# views activate the language the visitor chose (set_language's cookie), every other page stays
# Swedish (no LocaleMiddleware).
SKYDDSNAT_PUBLIC_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LANGUAGES = SKYDDSNAT_PUBLIC_LANGUAGES
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "skyddsnat" / "static"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
# SKYDDSNAT_INSECURE_COOKIES (tests only) serves plain HTTP: no Secure cookies, no HTTPS redirect.
HTTPS_ONLY = not DEBUG and not _env_bool("SKYDDSNAT_INSECURE_COOKIES")
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# Pages take the CSRF token from the template (hx-headers in base.html), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Plain HTTP is answered with a redirect to HTTPS, except the load balancer's health checks.
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# HSTS (sent on HTTPS answers only): a year, subdomains included, ready for the preload list.
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SKYDDSNAT_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: scripts, styles, images and requests
# only from this origin, and no inline script, inline style or eval. The templates load every
# script and style sheet from static files; htmx is told not to inject its indicator style
# (`htmx-config` in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Log review (loggkontroll) flags a user's day with this many distinct persons read, and reads
# before/after these local hours.
SKYDDSNAT_REVIEW_DAILY_PERSONS = int(os.environ.get("SKYDDSNAT_REVIEW_DAILY_PERSONS", "50"))
SKYDDSNAT_REVIEW_WORKDAY_START = 7
SKYDDSNAT_REVIEW_WORKDAY_END = 19

# The accessibility statement (/tillganglighet/, lag 2018:1937): where the public reports an
# accessibility problem, and the day the service's accessibility was last assessed (the date the
# statement gives; change it with each new assessment, docs/operations.md).
SKYDDSNAT_ACCESSIBILITY_EMAIL = os.environ.get("SKYDDSNAT_ACCESSIBILITY_EMAIL", "")
SKYDDSNAT_ACCESSIBILITY_PHONE = os.environ.get("SKYDDSNAT_ACCESSIBILITY_PHONE", "")
SKYDDSNAT_ACCESSIBILITY_ASSESSED = os.environ.get("SKYDDSNAT_ACCESSIBILITY_ASSESSED", "2026-12-03")
dt.date.fromisoformat(SKYDDSNAT_ACCESSIBILITY_ASSESSED)  # a wrong date stops the start, not a page

# The case page offers "Begär förlängning" (ask the manager for an extension) when the
# investigation's limit is this many days away or nearer (issue 9 point 7).
SKYDDSNAT_EXTENSION_REQUEST_DAYS = int(os.environ.get("SKYDDSNAT_EXTENSION_REQUEST_DAYS", "30"))

# The audit chain's heads (`manage.py audit_export_head`) are signed with this key and appended to
# this file. Neither may live where the database can write: the key is not SECRET_KEY and never
# stored in the database, the file belongs on storage the database server cannot change.
SKYDDSNAT_AUDIT_KEY = os.environ.get("SKYDDSNAT_AUDIT_KEY", "")
SKYDDSNAT_AUDIT_HEAD_FILE = Path(
    os.environ.get("SKYDDSNAT_AUDIT_HEAD_FILE", str(BASE_DIR / "var" / "audit-heads.jsonl"))
)

# The keys given for production must be long random values, each its own: a short pseudonym key
# can be guessed from the codes in a statistics file, and a key shared with another purpose leaks
# with it. (SECRET_KEY's length is checked by `check --deploy`.)
MIN_KEY_LENGTH = 32
if not DEBUG:
    _given_keys = {
        name: os.environ.get(name, "")
        for name in ("SKYDDSNAT_SECRET_KEY", "SKYDDSNAT_PSEUDONYM_KEY", "SKYDDSNAT_AUDIT_KEY")
    }
    for _name in ("SKYDDSNAT_PSEUDONYM_KEY", "SKYDDSNAT_AUDIT_KEY"):
        if _given_keys[_name] and len(_given_keys[_name]) < MIN_KEY_LENGTH:
            raise RuntimeError(
                f"{_name} is too short: use at least {MIN_KEY_LENGTH} random characters "
                '(python3 -c "import secrets; print(secrets.token_urlsafe(48))").'
            )
    _values = [value for value in _given_keys.values() if value]
    if len(set(_values)) != len(_values):
        raise RuntimeError(
            "SKYDDSNAT_SECRET_KEY, SKYDDSNAT_PSEUDONYM_KEY and SKYDDSNAT_AUDIT_KEY must differ."
        )

# Personal API tokens live for a working day unless configured otherwise.
API_TOKEN_LIFETIME = dt.timedelta(hours=float(os.environ.get("SKYDDSNAT_TOKEN_HOURS", "12")))
if API_TOKEN_LIFETIME <= dt.timedelta(0):
    raise RuntimeError("SKYDDSNAT_TOKEN_HOURS must be a positive number of hours.")

# How long an API client's Idempotency-Key (and the answer stored with it) is remembered.
IDEMPOTENCY_KEY_LIFETIME = dt.timedelta(
    hours=float(os.environ.get("SKYDDSNAT_IDEMPOTENCY_HOURS", "24"))
)
if IDEMPOTENCY_KEY_LIFETIME <= dt.timedelta(0):
    raise RuntimeError("SKYDDSNAT_IDEMPOTENCY_HOURS must be a positive number of hours.")

# The cache holds the sign-in throttle's counts. Production sets SKYDDSNAT_CACHE_URL to its Redis
# (redis://127.0.0.1:6379/1), shared by every worker process; without it, each process keeps its
# own counts in memory, which is enough for the single-process demo.
CACHE_URL = os.environ.get("SKYDDSNAT_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "skyddsnat",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "skyddsnat",
        }
    }

# A report with its description is small; anything larger is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Documents taken in on a case (skyddsnat.documents): stored outside the web root, in a local
# directory (nothing serves it; only the access-checked download view reads it), each file at
# most SKYDDSNAT_DOCUMENT_MAX_BYTES (10 MB by default).
SKYDDSNAT_DOCUMENTS_DIR = Path(
    os.environ.get("SKYDDSNAT_DOCUMENTS_DIR", str(BASE_DIR / "data" / "documents"))
)
SKYDDSNAT_DOCUMENT_MAX_BYTES = int(os.environ.get("SKYDDSNAT_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "skyddsnat.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSONParser with its parse error translated.
    "DEFAULT_PARSER_CLASSES": ["skyddsnat.api.parsers.JSONBodyParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "skyddsnat.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Skyddsnät API",
    "DESCRIPTION": (
        "Case management for municipal social services. All personal data is audited.\n\n"
        "Authenticate with a personal token from `POST /api/v1/auth/token/`, sent as "
        "`Authorization: Bearer <token>`, or with the web session (CSRF token required). "
        "Every error is `application/problem+json`: `type`, `title`, `status`, `detail` and "
        "`errors` (messages by field; nested fields named with dots). A record you may not see "
        "answers 404, exactly like one that does not exist."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Separate request and response components, so read-only fields are not asked for.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The problems the layers around every view can answer (400, 401, 403, 406, 413, 415).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "skyddsnat.api.schema.add_common_problems",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "skyddsnat.cases.models.CaseKind",
        "CaseStatusEnum": "skyddsnat.cases.models.CaseStatus",
        "DeadlineKindEnum": "skyddsnat.cases.models.DeadlineKind",
        "OutcomeEnum": "skyddsnat.cases.models.Outcome",
        "HelpOutcomeEnum": "skyddsnat.eservices.models.HelpOutcome",
        "DecisionTypeEnum": "skyddsnat.organisation.models.DecisionType",
        "ReporterTypeEnum": "skyddsnat.children.models.ReporterType",
        "ProtectionLevelEnum": "skyddsnat.people.models.ProtectionLevel",
        "InvestigationSectionKindEnum": "skyddsnat.investigations.models.SectionKind",
        "EndingReasonEnum": "skyddsnat.investigations.models.EndingReason",
        "ReferralStatusEnum": "skyddsnat.cases.models.ReferralStatus",
        "AgencyEnum": "skyddsnat.organisation.models.Agency",
        # Welfare crime: the deciding and the receiving authority are one list.
        "WelfareCrimeAuthorityEnum": "skyddsnat.welfarecrime.models.Authority",
        # The public LSS application: for oneself or as guardian (skyddsnat.api.public).
        "PublicApplicantRoleEnum": ["person", "guardian"],
        "ApplicantRoleEnum": "skyddsnat.lss.models.ApplicantRole",
        # A late LSS decision's facts (lss.services.delays).
        "DelayReasonEnum": "skyddsnat.lss.models.DelayReason",
        "SupportMeanwhileEnum": "skyddsnat.lss.models.SupportMeanwhile",
        "ClosureReasonEnum": "skyddsnat.lss.models.ClosureReason",
        "DelayOfferAnswerEnum": "skyddsnat.lss.models.DelayOfferAnswer",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SKYDDSNAT_LOG_LEVEL", "WARNING")},
}

# ----- Staff sign-in (docs/operations.md, "Sign-in") ---------------------------------------------

# A session ends after this many minutes without a request (sliding); SESSION_COOKIE_AGE above
# still ends it after a working day whatever happens.
SKYDDSNAT_SESSION_IDLE_MINUTES = float(os.environ.get("SKYDDSNAT_SESSION_IDLE_MINUTES", "30"))
if SKYDDSNAT_SESSION_IDLE_MINUTES <= 0:
    raise RuntimeError("SKYDDSNAT_SESSION_IDLE_MINUTES must be a positive number of minutes.")

# Single sign-on through the municipality's OpenID Connect provider: all three set, or no SSO
# (the sign-in page then shows no SSO button). The provider's discovery document names its
# endpoints and keys. Who may sign in, and with which role, is still decided here: the claim
# SKYDDSNAT_OIDC_USER_CLAIM ("email" by default, matched against the staff member's e-mail;
# any other claim, e.g. "sub", matched against the staff member's `sso_subject`) must name an
# existing active staff member, or the sign-in is refused.
SKYDDSNAT_OIDC_DISCOVERY_URL = os.environ.get("SKYDDSNAT_OIDC_DISCOVERY_URL", "")
SKYDDSNAT_OIDC_CLIENT_ID = os.environ.get("SKYDDSNAT_OIDC_CLIENT_ID", "")
SKYDDSNAT_OIDC_CLIENT_SECRET = os.environ.get("SKYDDSNAT_OIDC_CLIENT_SECRET", "")
SKYDDSNAT_OIDC_USER_CLAIM = os.environ.get("SKYDDSNAT_OIDC_USER_CLAIM", "email")
SKYDDSNAT_OIDC_SCOPES = os.environ.get("SKYDDSNAT_OIDC_SCOPES", "openid email")

# ----- Citizen sign-in for the e-services (docs/operations.md, "Citizen sign-in") ----------------

# A separate OpenID Connect client for citizens (in production e-legitimation such as BankID or
# Freja through a broker): all three set, or no citizen sign-in (its pages answer 404). A
# citizen is never a staff user. The personal identity number comes from the claim
# SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM (Sweden Connect's OIDC profile names it
# "https://id.oidc.se/claim/personalIdentityNumber"); it is NFKC-normalised and checksum-checked,
# and a sign-in with a malformed one is refused. Bearer tokens on the public API are checked by
# the provider's token introspection (RFC 7662), cached for at most
# SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS and never past the token's expiry.
SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL = os.environ.get("SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL", "")
SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID = os.environ.get("SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID", "")
SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET = os.environ.get("SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET", "")
SKYDDSNAT_CITIZEN_OIDC_SCOPES = os.environ.get(
    "SKYDDSNAT_CITIZEN_OIDC_SCOPES", "openid profile personal_identity_number"
)
SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM = os.environ.get(
    "SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM", "personal_identity_number"
)
SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS = int(
    os.environ.get("SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS", "60")
)

# The second factor: the issuer name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = "Skyddsnät"

# The sign-in throttle (django-axes): 5 failures for one username from one client address lock
# that pair for 15 minutes; the same user from another address is not locked. The client address
# is the one the trusted-proxy logic finds (lib/proxies.py). Failures are kept in the database,
# shared by every app server; `manage.py axes_reset_username <name>` lifts a lock.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "skyddsnat.lib.proxies.client_address"
AXES_USERNAME_CALLABLE = "skyddsnat.signin.throttle.username"
AXES_LOCKOUT_CALLABLE = "skyddsnat.signin.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The audit log records sign-ins; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# --- Scheduled jobs (skyddsnat.jobs): the queue, reminders and their e-mail ---------------------
# The queue is procrastinate's, in PostgreSQL; `./scripts/worker` (started by `./scripts/serve`)
# runs the jobs. On SQLite (the demo) the queue's tables are not created and no worker runs.
# First the queue's (its tables only on PostgreSQL), then the replica's (follow-up reads).
DATABASE_ROUTERS = [
    "skyddsnat.jobs.routers.QueueOnPostgresOnly",
    "skyddsnat.lib.replica.ReplicaRouter",
]
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""
PROCRASTINATE_IMPORT_PATHS = ["skyddsnat.jobs.tasks"]
# A worker that starts late (a restart, a stop overnight) still defers a scheduled run it missed by
# up to 12 hours (procrastinate's default is 10 minutes), so a day's reminders are not skipped.
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 12 * 60 * 60}
# /readyz answers 503 when no job worker has reported for this long (it reports every 10 s).
SKYDDSNAT_WORKER_STALE_SECONDS = int(os.environ.get("SKYDDSNAT_WORKER_STALE_SECONDS", "60"))
# The address of the app as staff reach it, for the link in a reminder e-mail.
SKYDDSNAT_BASE_URL = os.environ.get("SKYDDSNAT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminder e-mail goes out only when an SMTP host is set; it carries no personal data.
EMAIL_HOST = os.environ.get("SKYDDSNAT_SMTP_HOST", "")
EMAIL_PORT = int(os.environ.get("SKYDDSNAT_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SKYDDSNAT_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SKYDDSNAT_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("SKYDDSNAT_SMTP_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("SKYDDSNAT_MAIL_FROM", "skyddsnat@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# The public e-services (skyddsnat.eservices, docs/operations.md "Public e-services").
# Submissions per client address (lib.proxies) and per hour, forms and API together, counted in
# the cache above (django-ratelimit; production's Redis shares the counts between workers).
SKYDDSNAT_ESERVICE_RATE = os.environ.get("SKYDDSNAT_ESERVICE_RATE", "10/h")
# The spam guard: a form posted sooner than this many seconds after it was shown, or later than
# SKYDDSNAT_ESERVICE_FORM_HOURS, is refused (with a plain message and a fresh form).
SKYDDSNAT_ESERVICE_MIN_SECONDS = int(os.environ.get("SKYDDSNAT_ESERVICE_MIN_SECONDS", "3"))
SKYDDSNAT_ESERVICE_FORM_HOURS = int(os.environ.get("SKYDDSNAT_ESERVICE_FORM_HOURS", "4"))
# An attachment to a concern report: at most this many bytes (PDF, JPEG or PNG by content).
SKYDDSNAT_ESERVICE_ATTACHMENT_BYTES = int(
    os.environ.get("SKYDDSNAT_ESERVICE_ATTACHMENT_BYTES", str(5 * 1024 * 1024))
)
# Persons registered from the e-service are marked synthetic in the demo (DEBUG) and the tests.
SKYDDSNAT_ESERVICE_SYNTHETIC = DEBUG or _env_bool("SKYDDSNAT_ESERVICE_SYNTHETIC")
