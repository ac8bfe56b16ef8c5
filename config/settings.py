"""Settings for the iCBT platform: every value from the environment (docs/operations.md)."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    celery_broker_url,
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_redis,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-secret-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and (
    SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY must be set to a random value of at least 50 characters "
        "when DEBUG is off (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# Hosts a load balancer or container probe may name when asking /healthz, besides ALLOWED_HOSTS
# (probes often use the instance's own address). Any other Host gets 400, as on every page.
HEALTH_CHECK_HOSTS = env_list("HEALTH_CHECK_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A form refused for its security token gets a page in the site's layout with a way back.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "pgtrigger",
    "pghistory",
    "accounts",
    "trial",
    "activity",
    "assessments",
    "modules",
    "therapists",
    "notifications",
    "research",
]

MIDDLEWARE = [
    "config.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware, but after authentication: a signed-in user's language wins.
    "accounts.middleware.UserLanguageMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the language is known, so its page is in the reader's language.
    "config.middleware.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.SessionIdleRefreshMiddleware",
    "accounts.middleware.StaffSessionLimitMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "accounts.context_processors.navigation",
                "therapists.context_processors.unread_messages",
            ],
        },
    },
]

# Database: PostgreSQL only, through psycopg 3, with health checks on persistent connections.
DATABASES = {"default": env_database("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/icbt")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL's JIT compiler judges queries by estimated cost and can spend seconds compiling
# plans that run in milliseconds (seen on the caseload's correlated subqueries): off, as usual
# for OLTP work. Analysts who want it can enable it in their own sessions.
#
# A web request's query may run DB_STATEMENT_TIMEOUT_SECONDS (config/wsgi.py sets 30 for the web
# processes), so a runaway query cannot hold a gunicorn worker; tasks and commands (exports,
# migrations) are bounded by Celery's time limits instead. A down server is noticed in 5 s.
_statement_timeout_ms = env_int("DB_STATEMENT_TIMEOUT_SECONDS", 0) * 1000
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c jit=off -c statement_timeout={_statement_timeout_ms}"
)
DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int(
    "DB_CONNECT_TIMEOUT_SECONDS", 5, minimum=1
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis("REDIS_URL", "redis://127.0.0.1:6379/0")
# Redis, with a database table standing in during a Redis outage (config/cache.py): sign-in's
# rate limits keep working. Short socket timeouts: a hung Redis costs a request at most ~2 s.
CACHES = {
    "default": {
        "BACKEND": "config.cache.RedisWithDatabaseFallbackCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "icbt",
        "OPTIONS": {
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            "fallback_table": "cache_fallback",
        },
    }
}

# Accounts and authentication.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keeps this session; Django ends the others
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
# The "[iCBT] " prefix is part of each subject's translation ("[iKBT] " in Swedish), as in the
# platform's other emails (templates/account/email/).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's forms with the site's labels (sentence case, no placeholders).
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = {
    # Per account (key) 5 failures in 5 minutes; per address only a volume no single person
    # reaches, so a clinic behind one NAT address does not lock its own staff out.
    "login_failed": "60/10m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "iCBT platform")
# Sessions are recorded at login (for listing and ending them), not rewritten on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# Sessions: 30 minutes idle for everyone (the expiry slides with each request), and at most
# 12 hours from login for staff (accounts.middleware.StaffSessionLimitMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# Saved when changed, and at most once a minute to slide the idle expiry
# (accounts.middleware.SessionIdleRefreshMiddleware), not rewritten on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
STAFF_SESSION_MAX_AGE = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# History of data changes (django-pghistory triggers). Only requests that change data attach
# their user and URL to the history rows; this spares every GET a set_config round trip.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Licensed questionnaire texts (HADS, MFI-20, FIQ, SCI-93) are not shipped: the deploying site
# puts <code>.json files here under its own licence; pages say plainly when one is missing.
INSTRUMENT_TEXTS_DIR = env_str("INSTRUMENT_TEXTS_DIR", "") or None

# Email.
_email = env_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
# The address emails link to; emails carry no clinical content, only where to log in.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
EMAIL_MESSAGE_DOMAIN = env_str("EMAIL_MESSAGE_DOMAIN", "icbt.invalid")
SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.LoggingSMSBackend")
# A delivery claimed longer ago than this is taken to have died with its worker (longer than
# EMAIL_TIMEOUT, so a slow provider is never mistaken for a dead worker).
NOTIFICATION_STALE_CLAIM_SECONDS = env_int("NOTIFICATION_STALE_CLAIM_SECONDS", 120, minimum=1)
# A notification whose sender died during the attempt is resent after this long, and only for
# kinds where a repeat is harmless (notifications.services.RESEND_WHEN_UNCERTAIN).
NOTIFICATION_UNCERTAIN_GRACE_SECONDS = env_int(
    "NOTIFICATION_UNCERTAIN_GRACE_SECONDS", 15 * 60, minimum=0
)
# A row handed to the broker this long ago and still queued is handed out again (the message
# was lost, or a killed worker held it).
NOTIFICATION_REDISPATCH_SECONDS = env_int("NOTIFICATION_REDISPATCH_SECONDS", 10 * 60, minimum=1)
# How long a worker keeps trying to record a delivery the provider accepted while the database
# is away; until it succeeds the row would look uncertain.
NOTIFICATION_RECORD_RETRY_SECONDS = env_int("NOTIFICATION_RECORD_RETRY_SECONDS", 120, minimum=0)
# A hung SMTP server costs a delivery at most this long (connect and each read).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "iCBT platform <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: every string is translatable; times stored in UTC, shown in the user's zone.
# English is the source language of the code; a user's language comes from their account, then
# the language cookie, then the browser, then (participants) their study's default language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Named date formats per language (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Stockholm")

# Static files, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers. A strict CSP: scripts only from our own origin, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Celery: JSON only, late acknowledgement so a killed worker's task is redelivered, time limits.
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
# Longer than the longest task, so Redis never redelivers a task that is still running.
# Socket timeouts: a hung Redis costs a publish (and the request behind it) seconds, not forever.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60, minimum=1),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A publisher whose connection broke reconnects once instead of retrying for 6 s: while
    # Redis is down, every request that queues a notification was held that long (measured in
    # tests/faults). Workers reconnect with their own retries (CELERY_BROKER_CONNECTION_*).
    "max_retries": 0,
}
# A publish while the broker is down fails fast (the outbox sweep sends later) instead of
# holding the participant's request for many seconds.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# Exactly one beat process runs this. Each entry expires just before its next run, so a backlog
# never piles up duplicates; due times live in the database, never in long countdowns.
CELERY_BEAT_SCHEDULER = "config.celery_app:HeartbeatScheduler"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "config.worker_heartbeat",
        "schedule": 30,
        "options": {"expires": 25},
    },
    "release-modules": {
        "task": "modules.tasks.schedule_module_release",
        "schedule": 15 * 60,
        "options": {"expires": 14 * 60},
    },
    "sweep-notifications": {
        "task": "notifications.tasks.sweep_notifications",
        "schedule": 60,
        "options": {"expires": 55},
    },
    "inactivity-reminders": {
        "task": "modules.tasks.queue_inactivity_reminders",
        # Hourly: each reminder is queued once and sent inside the recipient's waking hours.
        "schedule": crontab(minute=15),
        "options": {"expires": 50 * 60},
    },
    "questionnaire-reminders": {
        "task": "assessments.tasks.queue_questionnaire_reminders",
        "schedule": crontab(minute=25),
        "options": {"expires": 50 * 60},
    },
    "visit-reminders": {
        "task": "activity.tasks.queue_visit_reminders",
        "schedule": crontab(minute=20),
        "options": {"expires": 50 * 60},
    },
    "therapist-digests": {
        "task": "therapists.tasks.queue_therapist_digests",
        "schedule": crontab(minute=5),
        "options": {"expires": 50 * 60},
    },
    "forget-old-form-submissions": {
        "task": "accounts.tasks.forget_old_form_submissions",
        "schedule": crontab(hour=3, minute=10),
        "options": {"expires": 60 * 60},
    },
    "recompute-adherence": {
        "task": "modules.tasks.recompute_adherence",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 60 * 60},
    },
    # Care teams for newly randomized participants of studies that assign them automatically;
    # randomization happens in apps that cannot import this one.
    "assign-care-teams": {
        "task": "therapists.tasks.assign_care_teams",
        "schedule": 60,
        "options": {"expires": 55},
    },
    # Risk phrases in newly submitted worksheets; the programme app cannot call the inbox.
    "scan-worksheets-for-risk": {
        "task": "therapists.tasks.scan_submitted_worksheets",
        "schedule": 2 * 60,
        "options": {"expires": 110},
    },
}

# Guidance inbox (therapists app).
# A participant without programme activity this many days is flagged inactive on the caseload.
INACTIVE_DAYS = env_int("INACTIVE_DAYS", 7, minimum=1)
# A participant's message waiting longer than this many working days (Mon-Fri, in the
# therapist's time zone) is overdue; the trial's service level is 2.
REPLY_WITHIN_WORKING_DAYS = env_int("REPLY_WITHIN_WORKING_DAYS", 2, minimum=1)
# Where coordinators assign care teams by hand, a randomized participant is told they get
# their therapist and physiotherapist within this many working days (their group page).
CARE_TEAM_WITHIN_WORKING_DAYS = env_int("CARE_TEAM_WITHIN_WORKING_DAYS", 2, minimum=1)
# Phrases (comma-separated) that raise an urgent safety flag when a participant writes them in
# a message or worksheet; case-insensitive, whole words. Swedish compounds are listed whole.
SAFETY_RISK_PHRASES = env_list(
    "SAFETY_RISK_PHRASES",
    [
        "suicide", "suicidal", "kill myself", "killing myself", "end my life", "ending my life",
        "take my own life", "want to die", "wish I was dead", "wish I were dead",
        "better off dead", "no reason to live", "self-harm", "self harm", "harm myself",
        "hurt myself", "hurting myself", "cut myself", "cutting myself", "overdose",
        "självmord", "självmordstankar", "självmordsplaner", "ta livet av mig",
        "ta mitt liv", "vill dö", "vill inte leva", "orkar inte leva", "bättre död",
        "skada mig själv", "skadar mig själv", "självskada", "självskadebeteende",
        "skära mig", "döda mig själv", "överdos",
    ],
)  # fmt: skip
# Shown on the participant's message page: (number, what it is for). "NUMBER=label,..." in env.
_EMERGENCY = (item.partition("=") for item in env_list("EMERGENCY_NUMBERS", []))
EMERGENCY_NUMBERS = [(number.strip(), label.strip()) for number, _eq, label in _EMERGENCY] or [
    ("112", _("Emergency: immediate danger to life or health")),
    ("1177", _("Healthcare advice, day and night (1177 Vårdguiden)")),
]
# "instrument.scale": how much higher than at baseline a later score must be to be flagged.
WORSE_THAN_BASELINE = {"hads.anxiety": 2, "hads.depression": 2, "pain_vas.score": 10}

# Research exports (research app). The folder must be shared by the Celery workers that write
# the bundles and the web processes that serve them for download.
EXPORT_DIR = Path(env_str("EXPORT_DIR", str(BASE_DIR / ".exports")))
# Secret behind `export_research --shift-dates`; empty: derived from SECRET_KEY. Keep it stable,
# or the same participant's dates move by a different amount in the next export.
RESEARCH_DATE_SHIFT_KEY = env_str("RESEARCH_DATE_SHIFT_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
