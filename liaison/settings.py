"""One settings file. What an operator sets for a deployment (secrets, hosts, servers, mail, SMS, HTTPS, the
等保 switches, retention) comes from the environment; with nothing set, the site runs on SQLite under var/ with
a Celery broker that needs no server. Every environment variable read here is listed in README.md's
"Configuration" table (tests/test_settings_documented.py compares the two).

The product's policy (lead times, the legal clock, the public form's limits, upload limits, list sizes) is not
an operator's knob: it is the named settings under "Policy" below, with their defaults, which code reads as
`settings.NAME` and tests override with pytest-django's `settings` fixture."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def sms_templates(text):
    """{kind: (template code, [parameter names])} from "kind=CODE:name,name;kind=CODE:name"."""
    templates = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        kind, _equals, template = entry.partition("=")
        code, _colon, names = template.partition(":")
        templates[kind.strip()] = (code.strip(), [name.strip() for name in names.split(",") if name.strip()])
    return templates


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "local-development-only-key-never-used-in-production-3f9c1a"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps come first: their translations then win over Django's and the libraries' for the same words
# ("Filter" is 筛选 here, not the admin's 过滤器).
# The rooms in the order imports run (README, Layout): plumbing, accounts and the network, deputies,
# notifications, activities, voters, suggestions, assessments, and the home pages that read them all.
INSTALLED_APPS = [
    "liaison.core",
    "liaison",
    "deputies",
    "liaison.notifications",
    "liaison.activities",
    "voters",
    "suggestions",
    "liaison.livelihood",
    "assessments",
    "liaison.home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, found by FORM_RENDERER below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaison.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "liaison.middleware.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liaison.middleware.SessionLifetimeMiddleware",
    "liaison.middleware.PrivatePagesMiddleware",
    "liaison.middleware.AccountGateMiddleware",
    # Record history (django-simple-history) names the request's user as who changed a record.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

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
                "csp.context_processors.nonce",
                "liaison.home.context_processors.navigation",
                "liaison.core.queue_health.queue_banner",
            ],
        },
    },
]

# Widgets are drawn by the site's templates engine, so that templates/django/forms/widgets/ may replace a
# Django widget template (the select, for speed), and with its cached loader.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL points at PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections suit gunicorn's fixed workers only: runserver opens a thread (and so a connection)
    # per request, and keeping each would exhaust PostgreSQL's connections.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # A web server, a worker and beat share the file: wait for a lock instead of failing at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A covering index (voters.Opinion "opinion_open_age") is a PostgreSQL optimisation; SQLite keeps the index
    # without its extra column, which is all the laptop needs. Without this, every command warns about it.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "liaison.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: the cache degrades to a miss and pages keep working.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            # One deployment per Redis database: the broker shares REDIS_URL, so two deployments on one
            # database would take each other's tasks whatever the cache's prefix.
            "KEY_PREFIX": "liaison",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "liaison.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions that follow from a role (voters.reveal_voter_phone for staff and officers); before
    # ModelBackend, so that a role's answer costs no query.
    "liaison.core.permissions.RolePermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Login by phone number and SMS code (liaison/accounts/login_codes.py); after ModelBackend, which
    # force_login and the sessions of password logins name.
    "liaison.accounts.login_codes.PhoneCodeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Password rules of SECURITY.md (等保2.0): at least 10 characters mixing 3 of the 4 classes.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "liaison.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: lock the pair (username, address), so that nobody can lock a deputy out from
# elsewhere and one attacker behind the station's proxy cannot lock out the whole station (ECOSYSTEM.md).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# What axes keeps of a failed request's form is masked for these fields too: no number or code in clear.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "phone", "code"]
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# 等保2.0 session rules: idle logout and an absolute lifetime (liaison/middleware.py).
# 等保 level-3 switches, off by default: a second factor for some roles ("staff,admin"), password expiry.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "人大代表联络站")
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)

SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# Content Security Policy: nothing inline unless it carries the request's nonce; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Dates and times in one ISO style in both languages (liaison/core/formats).
FORMAT_MODULE_PATH = ["liaison.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
# Uploads: a folder every web host and worker shares (NFS, or one host), or S3-compatible storage (MinIO, OSS,
# COS...) through django-storages. A private bucket: photos get signed links, documents and evidence are only
# read through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_BACKEND = os.environ.get("MEDIA_BACKEND", "filesystem")
if MEDIA_BACKEND == "s3":
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "default_acl": None,
            "querystring_auth": True,
            # As on disk: a second upload of the same name gets a new name instead of replacing the first.
            "file_overwrite": False,
        },
    }
    if not MEDIA_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("S3_BUCKET must be set when MEDIA_BACKEND is s3.")
elif MEDIA_BACKEND == "filesystem":
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_BACKEND must be filesystem or s3.")
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "liaison.core.staticfiles.StaticFilesStorage"
    },
}

# Backups (`manage.py backup`, liaison/backup.py): where archives go, and the folder of pg_dump and pg_restore
# when they are not on PATH (they must match the server's major version).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "liaison-station@localhost")

# Policy ------------------------------------------------------------------------------------------------
# The product's rules, the same in every deployment: not read from the environment. Code reads them as
# settings.NAME (never getattr with a default); tests override them with pytest-django's `settings` fixture.

# Reminders (liaison/notifications/REMINDERS.md). Lead times are defaults: staff change them per kind in
# the app (liaison/notifications/kinds.py reads these by name).
REMINDER_OFFSETS_DAYS = [7, 1]  # before an activity
REMINDER_FOLLOWUP_DAYS = [3, 7]  # after it, while attendance or the summary is missing
REMINDER_SESSION_LEAD_DAYS = 30  # before a congress session, to prepare suggestions
# The channels a reminder tries, in order, when its rule names none: the next is planned only when one fails
# for good; the inbox is added for everyone with an account.
REMINDER_CHANNELS = "wecom,wecom_robot,sms,email"
# Quiet hours (local time): no SMS from 21:00 to 08:00, unless what it is about comes sooner than 08:00.
REMINDER_QUIET_START = 21
REMINDER_QUIET_END = 8
# Notices to many deputies (liaison/notifications/REMINDERS.md, "Notices"): their title and, when it fits,
# their text go into one parameter each of an approved SMS template (SMS_PARAM_MAX_LENGTH); a longer text
# reaches SMS as the title and the read link only. Those who have not read a notice are reminded at most
# once in this many hours.
NOTICE_REMIND_INTERVAL_HOURS = 24
# A reception day is published at least this many days ahead (seed 004: one week).
RECEPTION_PUBLISH_DAYS_AHEAD = 7

# Accounts (liaison/accounts, SECURITY.md). An activation link sent by SMS works once, for this long.
ACCOUNT_ACTIVATION_HOURS = 72
# Login by phone: a 6-digit code valid this long, refused after this many wrong tries; codes asked for per
# number and per address, as (codes, window in seconds): one a minute and five an hour per number, twenty
# an hour per address.
LOGIN_CODE_VALID_SECONDS = 300
LOGIN_CODE_MAX_TRIES = 5
LOGIN_CODE_PER_PHONE = [(1, 60), (5, 3600)]
LOGIN_CODE_PER_ADDRESS = [(20, 3600)]

# Voters' opinions (voters/services/intake.py, voters/throttle.py).
# The station's promise: the voter hears back within this many days, calendar days or, when True, working
# days (the demo station's rule 「七个工作日内告知」). This, RECEPTION_PUBLISH_DAYS_AHEAD and
# SUGGESTION_BASICALLY_SATISFIED_REASSIGNS are the first values of the policy staff set on its page
# (liaison/policies): the page's latest version is what new cases follow.
OPINION_ANSWER_DAYS = 15
OPINION_ANSWER_WORKING_DAYS = False
# The public form's abuse limits: (submissions, window in seconds) per address and per phone, tracking-code
# look-ups per address, and how long the same text from the same station counts as a double post.
PUBLIC_OPINION_PER_ADDRESS = (5, 3600)
PUBLIC_OPINION_PER_PHONE = (3, 86400)
PUBLIC_TRACKING_PER_ADDRESS = (120, 3600)
PUBLIC_OPINION_DUPLICATE_SECONDS = 600
# Reports to voters (述职, liaison/activities/ratings.py): voters rate a report from the meeting's start for
# this many days (the codes confirming a rating follow the login code's LOGIN_CODE_* rules).
REPORT_RATING_DAYS = env_int("REPORT_RATING_DAYS", 14)

# The suggestions' legal clock (suggestions/clock.py): reply within 3 months of assignment; a complex case
# extended up to 6 months on request; co-units' view to the lead unit within 1 month; second-round reply
# within 1 month; a wrongly assigned item returned within 7 working days; "near due" 10 days ahead.
SUGGESTION_REPLY_MONTHS = 3
SUGGESTION_EXTENSION_MAX_MONTHS = 6
SUGGESTION_CO_VIEW_MONTHS = 1
SUGGESTION_SECOND_ROUND_MONTHS = 1
SUGGESTION_RETURN_WORKING_DAYS = 7
SUGGESTION_NEAR_DUE_DAYS = 10
# Seed 002: 基本满意 may also send a suggestion to a second round (off: only 不满意 does).
SUGGESTION_BASICALLY_SATISFIED_REASSIGNS = False
# After this many rounds an unsatisfied evaluation closes the suggestion instead.
SUGGESTION_MAX_ROUNDS = 2

# Upload limits, each file checked by liaison/core/uploads.py (nginx's client_max_body_size must allow the largest).
ROSTER_IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the roster workbook (deputies/views.py)
RECORDS_IMPORT_MAX_BYTES = 20 * 1024 * 1024  # last years' records brought in (liaison/imports)
# A records workbook up to this size is imported while the page waits; a larger one by a worker.
RECORDS_IMPORT_INLINE_MAX_BYTES = 256 * 1024
PHOTO_MAX_BYTES = 3 * 1024 * 1024  # a deputy's photo, an activity's photos
OPINION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # each photo or PDF of an opinion (voters/uploads.py)
OPINION_ATTACHMENT_MAX_FILES = 6
SUGGESTION_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # a suggestion's or a reply's document
DUTY_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # evidence of a duty record (assessments/forms.py)

# Exported workbooks hold deputies' and voters' matters: deleted after this many days (assessments/tasks.py).
ASSESSMENTS_EXPORT_KEEP_DAYS = 7

# Lists and pages (liaison/core/pagination.py, liaison/core/filters.py, liaison/home/staff_dashboard.py).
LIST_PAGE_SIZE = 50
# Lists count at most this many rows past the page shown ("more than N items"), never a whole table.
LIST_COUNT_CAP = 500
# A filter offers a select of at most this many rows; beyond, a search by name (liaison.core.filters).
FILTER_SELECT_LIMIT = 200
# The staff dashboard's figures are kept this long; beat counts them again a minute before they expire.
DASHBOARD_CACHE_SECONDS = 300

# Developer knobs -----------------------------------------------------------------------------------------
# Settings only because tests or the benchmark override them (the `settings` fixture, or a settings module
# for the worker processes they start: tests/notifications/worker_settings.py, bench/worker_settings.py). The
# other developer knobs are constants beside their code (liaison/notifications/outbox.py,
# liaison/core/queue_health.py, assessments/views.py).

# The reminder outbox's dispatcher (liaison/notifications/REMINDERS.md): rows claimed per batch (one task;
# 200 is the largest call a provider takes, Tencent's), batches per run (a run that stops there with rows
# still due queues the next behind them), and attempts before a row is failed for a person to look at.
REMINDER_BATCH_SIZE = 200
REMINDER_MAX_BATCHES = 10
REMINDER_MAX_ATTEMPTS = 5
# A claimed row whose task never ran (broker lost it) goes back to pending after this many seconds.
REMINDER_QUEUE_LEASE_SECONDS = 300
# A row left "sending" this long (its worker died mid-send) is marked uncertain, never sent again blindly.
REMINDER_SEND_LEASE_SECONDS = 600
# Seconds a gateway waits for a provider's answer (liaison/notifications/gateways/): past it, the message may
# have gone out and is not sent again blindly. The protocol tests shorten it.
GATEWAY_READ_TIMEOUT_SECONDS = 15
# Retention's rows per bulk update (voters/services/retention.py).
VOTER_DATA_RETENTION_BATCH = 1000

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport, which runs a real worker
# and beat on one machine with no server (ECOSYSTEM.md).
CELERY_QUEUE_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    # The transport neither creates its folders nor tells when they are missing: make them here.
    for folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # Else the worker's control exchange lands in a "control" folder wherever it was started.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job, under a readable name. Later features add their jobs here.
CELERY_BEAT_SCHEDULE = {
    # Reminders are rows in the database (liaison/notifications/REMINDERS.md): this job sends what is due.
    # The real-worker tests and the benchmark run it every second (tests/notifications/worker_settings.py,
    # bench/worker_settings.py).
    "send due reminders": {
        "task": "liaison.dispatch_reminders",
        "schedule": 60.0,
    },
    # Tencent Cloud SMS hands out delivery receipts when asked; with another provider this does nothing.
    "pull SMS delivery receipts": {
        "task": "notifications.pull_sms_receipts",
        "schedule": 60.0,
    },
    # A notice "sent now" is sent by a task queued at once; this job sends those scheduled for later, and
    # any whose task was lost.
    "send the notices that are due": {
        "task": "activities.send_due_notices",
        "schedule": 60.0,
    },
    "send the daily reminder digests": {
        "task": "liaison.send_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    "remind officers of missing attendance and summaries": {
        "task": "liaison.plan_followups",
        "schedule": crontab(minute=20),
    },
    "remind officers of overdue opinions": {
        "task": "voters.remind_overdue",
        "schedule": crontab(hour=8, minute=30),
    },
    "remind units and staff of near-due and overdue suggestions": {
        "task": "suggestions.remind_due",
        "schedule": crontab(hour=7, minute=30),
    },
    "bring the year's duty records up to date (assessments)": {
        "task": "assessments.derive_duty_records",
        "schedule": crontab(hour=2, minute=15),
    },
    "count the staff dashboard's figures before they expire": {
        "task": "liaison.refresh_staff_dashboard",
        "schedule": float(max(DASHBOARD_CACHE_SECONDS - 60, 60)),
    },
    "delete exported workbooks after a week (assessments)": {
        "task": "assessments.purge_exports",
        "schedule": crontab(hour=3, minute=15),
    },
    "delete the login codes of yesterday (accounts)": {
        "task": "accounts.purge_login_codes",
        "schedule": crontab(hour=4, minute=15),
    },
    "delete the codes confirming voters' ratings of yesterday (activities)": {
        "task": "activities.purge_rating_codes",
        "schedule": crontab(hour=4, minute=20),
    },
    "anonymise voters' data of cases closed before the retention period (PIPL)": {
        "task": "voters.anonymise_expired",
        "schedule": crontab(hour=3, minute=45),
    },
}

# PIPL Art. 19 and 47: voters' personal data is kept no longer than needed. Cases closed longer ago than
# this are anonymised by the beat job above (voters/services/retention.py); statistics are kept. The period
# is the local rules' (SECURITY.md), hence the operator's.
VOTER_DATA_RETENTION_DAYS = env_int("VOTER_DATA_RETENTION_DAYS", 3 * 365)

# Where links in e-mails, SMS and calendar feeds point.
REMINDER_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The gateways of the outbox (liaison/notifications/REMINDERS.md, "Configuring the gateways").
# SMS: `logging` (the default: SMS only go to the log), `file` (one line per message in SMS_FILE_PATH, for
# the worker tests and the bench), `aliyun` or `tencent`. Chinese SMS carry a registered signature and an
# approved template with parameters, never free text: SMS_TEMPLATES maps each kind of message to its
# template code and the names of its parameters, in the template's order, e.g.
# "activity_upcoming=SMS_1234:subject,time,place;*=SMS_9999:subject,body" (`*`: every other kind).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "logging")
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
SMS_TEMPLATES = sms_templates(os.environ.get("SMS_TEMPLATES", ""))
# The longest value a template parameter takes (35 characters for the providers' notice templates, more
# for templates approved for long variables): longer texts are cut to it.
SMS_PARAM_MAX_LENGTH = env_int("SMS_PARAM_MAX_LENGTH", 35)
# The secret part of the addresses the providers push delivery receipts to (/notifications/receipts/...).
SMS_RECEIPT_TOKEN = os.environ.get("SMS_RECEIPT_TOKEN", "")
ALIYUN_SMS_ACCESS_KEY_ID = os.environ.get("ALIYUN_SMS_ACCESS_KEY_ID", "")
ALIYUN_SMS_ACCESS_KEY_SECRET = os.environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", "")
ALIYUN_SMS_ENDPOINT = os.environ.get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com")
TENCENT_SMS_SECRET_ID = os.environ.get("TENCENT_SMS_SECRET_ID", "")
TENCENT_SMS_SECRET_KEY = os.environ.get("TENCENT_SMS_SECRET_KEY", "")
TENCENT_SMS_APP_ID = os.environ.get("TENCENT_SMS_APP_ID", "")
TENCENT_SMS_REGION = os.environ.get("TENCENT_SMS_REGION", "ap-guangzhou")
TENCENT_SMS_ENDPOINT = os.environ.get("TENCENT_SMS_ENDPOINT", "https://sms.tencentcloudapi.com")
# WeChat Work (企业微信): the application that messages members, and the API's address.
WECOM_CORP_ID = os.environ.get("WECOM_CORP_ID", "")
WECOM_AGENT_ID = os.environ.get("WECOM_AGENT_ID", "")
WECOM_SECRET = os.environ.get("WECOM_SECRET", "")
WECOM_ENDPOINT = os.environ.get("WECOM_ENDPOINT", "https://qyapi.weixin.qq.com")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

if not DEBUG:
    # Production: HTTPS only. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
    proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
    if proxy_header:
        SECURE_PROXY_SSL_HEADER = (proxy_header, "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
