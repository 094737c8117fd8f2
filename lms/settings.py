"""Settings for the staff learning platform.

Every setting comes from an environment variable with an embedded default, so that `make run`
works on a fresh machine with no servers (SQLite, a local media folder, a broker on the file
system) and production changes only the environment. The README lists each variable.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# VAR_DIR: where the embedded defaults keep their files (SQLite, media, broker, static).
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "common",
    "organisation",
    "lms",
    "courses",
    "media_pipeline",
    "skills",
    "training",
    "certificates",
    "feedback",
    "notifications",
    "demo",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything is for signed-in staff; public views opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lms.middleware.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.roles",
                "notifications.context_processors.notices",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL: e.g. postgres://user:pass@127.0.0.1:5432/lms. Default: a SQLite file in VAR_DIR.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not Django's shared-cache in-memory database: browser tests read and
    # write from the live server's thread too, and only a file honours the busy timeout.
    # One file per test process, so that two test runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"lms-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
WAGTAILADMIN_LOGIN_URL = "login"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo")
# DEMO_RECORDING: seed_demo generates a short talk with ffmpeg and cuts it into the demo lessons.
DEMO_RECORDING = env_bool("DEMO_RECORDING", True)

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
# locale_admin/ supplies the Wagtail admin strings that Wagtail lacks in Japanese.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = ["Asia/Tokyo"]

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages come from npm at install time (package.json); their dist folders are served.
NODE_MODULES = BASE_DIR / "node_modules"
for _package, _dist in [("hls.js", "dist"), ("echarts", "dist")]:
    if (NODE_MODULES / _package / _dist).is_dir():
        STATICFILES_DIRS.append((f"npm/{_package}", NODE_MODULES / _package / _dist))
for _folder in (VAR_DIR, STATIC_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# Large uploads stream to a temporary file, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# S3-compatible storage is used for media when AWS_STORAGE_BUCKET_NAME is set.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "ap-northeast-1")
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600"))
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = True
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_FILE_STORAGE_BACKEND = "media_pipeline.storage.MediaS3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Tasks ------------------------------------------------------------------------------------
# CELERY_BROKER_URL: e.g. redis://127.0.0.1:6379/0. Default: kombu's file-system transport.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_processed": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# CELERY_TASK_ALWAYS_EAGER runs tasks in the calling process (tests, one-off scripts).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Transcoding has its own queue, so that workers with the cores for it can be run apart.
CELERY_TASK_ROUTES = {"media_pipeline.tasks.transcode_video": {"queue": "transcode"}}

# --- Media tools ------------------------------------------------------------------------------
FFMPEG_BINARY = os.environ.get("FFMPEG_BINARY", "ffmpeg")
FFPROBE_BINARY = os.environ.get("FFPROBE_BINARY", "ffprobe")
# MEDIA_LADDER: the HLS renditions as short-side:video-kbit/s; none is made above the source.
MEDIA_LADDER = os.environ.get("MEDIA_LADDER", "360:800,540:1400,720:2800,1080:5000")
# MEDIA_SEGMENT_SECONDS: HLS segment length; also the keyframe interval clips are cut on.
MEDIA_SEGMENT_SECONDS = int(os.environ.get("MEDIA_SEGMENT_SECONDS", "4"))
# MEDIA_X264_PRESET: x264 speed/size trade-off (ultrafast ... veryslow).
MEDIA_X264_PRESET = os.environ.get("MEDIA_X264_PRESET", "veryfast")
# MEDIA_STORYBOARD_SECONDS: seconds between storyboard thumbnails (more on very long videos).
MEDIA_STORYBOARD_SECONDS = float(os.environ.get("MEDIA_STORYBOARD_SECONDS", "10"))
# MEDIA_SCENE_THRESHOLD / MEDIA_SILENCE_DB / MEDIA_SILENCE_SECONDS: what counts as a slide
# change (ffmpeg scdet score) and as a pause in speech (below this level for this long).
MEDIA_SCENE_THRESHOLD = float(os.environ.get("MEDIA_SCENE_THRESHOLD", "5"))
MEDIA_SILENCE_DB = float(os.environ.get("MEDIA_SILENCE_DB", "-35"))
MEDIA_SILENCE_SECONDS = float(os.environ.get("MEDIA_SILENCE_SECONDS", "0.7"))
# MEDIA_CHAPTER_MIN_SECONDS / MAX: the length of suggested chapters (micro-lessons).
MEDIA_CHAPTER_MIN_SECONDS = float(os.environ.get("MEDIA_CHAPTER_MIN_SECONDS", "180"))
MEDIA_CHAPTER_MAX_SECONDS = float(os.environ.get("MEDIA_CHAPTER_MAX_SECONDS", "600"))
# MEDIA_WORK_DIR: local scratch space for transcoding and chunked uploads (needs room for the
# largest recording and its ladder). Default: the system's temporary folder.
MEDIA_WORK_DIR = os.environ.get("MEDIA_WORK_DIR") or None
# MEDIA_STALLED_MINUTES: a video processing with no news for this long may be started again.
MEDIA_STALLED_MINUTES = int(os.environ.get("MEDIA_STALLED_MINUTES", "30"))
# MEDIA_UPLOAD_CHUNK_BYTES: the admin sends recordings in chunks of this size (resumable).
MEDIA_UPLOAD_CHUNK_BYTES = int(os.environ.get("MEDIA_UPLOAD_CHUNK_BYTES", str(8 * 1024 * 1024)))
# MEDIA_GRANT_SECONDS: how long a permission to play one video lasts beyond twice its length
# (it rides on every media URL, presigned S3 URLs included, so a copied URL soon goes stale).
MEDIA_GRANT_SECONDS = int(os.environ.get("MEDIA_GRANT_SECONDS", "1800"))

# --- Mail -------------------------------------------------------------------------------------
# Without EMAIL_HOST mail is written to the console (development); with it, sent by SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# EMAIL_TIMEOUT: seconds any one wait on the mail server may take (connect, each reply).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "まなびDX <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# EMAIL_BATCH_SIZE: mails sent over one SMTP connection before it is closed and the next opened.
EMAIL_BATCH_SIZE = int(os.environ.get("EMAIL_BATCH_SIZE", "100"))

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "まなびDX")
# Wagtail's "What's new" banner and its upgrade check point at English pages outside this network.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "pptx", "txt", "vtt", "srt", "xlsx", "zip"]

# --- Privacy ----------------------------------------------------------------------------------
# Aggregates over fewer people than this are never shown to HR.
PRIVACY_THRESHOLD = int(os.environ.get("PRIVACY_THRESHOLD", "5"))

# --- Certificates (修了証) ---------------------------------------------------------------------
# CERTIFICATE_FONT: the Japanese TrueType font embedded in certificates (Debian's
# fonts-ipafont-gothic, which make install brings); downloads fail with a clear error without it.
CERTIFICATE_FONT = os.environ.get(
    "CERTIFICATE_FONT", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
)
# CERTIFICATE_ISSUER: the issuer printed on certificates; empty prints the holder's municipality.
CERTIFICATE_ISSUER = os.environ.get("CERTIFICATE_ISSUER", "")
# CERTIFICATE_VERIFY_RATE_LIMIT: look-ups of the public verification page one address may make
# per minute before getting 429 (counted in the cache, as PROGRESS_RATE_LIMIT is).
CERTIFICATE_VERIFY_RATE_LIMIT = int(os.environ.get("CERTIFICATE_VERIFY_RATE_LIMIT", "30"))

# --- Roster ---------------------------------------------------------------------------------
# A roster file (CSV or XLSX) larger than ROSTER_MAX_BYTES, with more rows than ROSTER_MAX_ROWS,
# or an XLSX whose parts unpack to more than ROSTER_MAX_UNPACKED_BYTES is refused unread: a
# 100,000-row roster is about 10 MB as CSV and 60 MB unpacked as XLSX.
ROSTER_MAX_BYTES = int(os.environ.get("ROSTER_MAX_BYTES", str(32 * 1024 * 1024)))
ROSTER_MAX_ROWS = int(os.environ.get("ROSTER_MAX_ROWS", "200000"))
ROSTER_MAX_UNPACKED_BYTES = int(os.environ.get("ROSTER_MAX_UNPACKED_BYTES", str(256 * 1024 * 1024)))

# --- Skills -----------------------------------------------------------------------------------
# Staff may rate themselves again only this many days after their last self-assessment.
SELF_ASSESSMENT_INTERVAL_DAYS = int(os.environ.get("SELF_ASSESSMENT_INTERVAL_DAYS", "90"))
# The highest level completing a lesson may claim (learning, not assessment: see skills/levels.py).
LEARNING_EVIDENCE_MAX_LEVEL = int(os.environ.get("LEARNING_EVIDENCE_MAX_LEVEL", "1"))

# --- Viewing ----------------------------------------------------------------------------------
# LESSON_COMPLETION_RATIO: share of a lesson's seconds, watched once each, that completes it.
LESSON_COMPLETION_RATIO = float(os.environ.get("LESSON_COMPLETION_RATIO", "0.9"))
# PROGRESS_RATE_LIMIT: player beats one person may send per minute before getting 429. Counted in
# the cache (per process unless CACHES points at a shared server).
PROGRESS_RATE_LIMIT = int(os.environ.get("PROGRESS_RATE_LIMIT", "120"))
# XAPI_LRS_URL: an external learning record store's statements endpoint (…/xAPI/statements);
# empty keeps statements here only. XAPI_LRS_USERNAME / XAPI_LRS_PASSWORD: its basic auth.
XAPI_LRS_URL = os.environ.get("XAPI_LRS_URL", "")
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
# XAPI_LRS_TIMEOUT_SECONDS: the whole of sending one batch (connect, send, the entire answer).
XAPI_LRS_TIMEOUT_SECONDS = float(os.environ.get("XAPI_LRS_TIMEOUT_SECONDS", "30"))

# The schedule ships with the product: `celery -A lms beat` (started by `make run`) sends these, in
# Tokyo time; each job is also a command (recompute_skill_levels, recompute_portfolio,
# recompute_portfolio --snapshot, send_reminders, forward_xapi, issue_certificates).
CELERY_BEAT_SCHEDULE = {
    "skill-levels-daily": {
        "task": "skills.tasks.recompute_skill_levels",
        "schedule": crontab(hour=3, minute=0),
    },
    "portfolio-hourly": {
        "task": "skills.tasks.recompute_portfolio",
        "schedule": crontab(minute=15),
    },
    "certificates-daily": {
        "task": "certificates.tasks.issue_certificates",
        "schedule": crontab(hour=3, minute=30),
    },
    "portfolio-snapshot-monthly": {
        "task": "skills.tasks.take_portfolio_snapshot",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    # After the levels (03:00), so the weekly digest reads fresh gaps; before the working day.
    "reminders-daily": {
        "task": "training.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
if XAPI_LRS_URL:
    # New statements start forwarding at once; this picks up batches a stopped worker left.
    CELERY_BEAT_SCHEDULE["xapi-forwarding"] = {
        "task": "courses.tasks.forward_xapi_statements",
        "schedule": crontab(minute="*/10"),
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The handler's level too: Django's own loggers propagate records past the root's level.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("LOG_LEVEL", "INFO"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page save and background task at INFO; keep the console readable.
    "loggers": {
        name: {"level": os.environ.get("LOG_LEVEL_LIBRARIES", "WARNING")}
        for name in ("wagtail", "django_tasks", "modelsearch", "fontTools")
    },
}

# === Sign-in and security headers (issue 12: findings 6 and 7) ================================
# Everything of the sign-in's defences and the response headers is in this block.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "csp"]
MIDDLEWARE.insert(0, "lms.middleware.ContentSecurityPolicyMiddleware")
MIDDLEWARE.insert(1, "lms.middleware.PermissionsPolicyMiddleware")
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "django_otp.middleware.OTPMiddleware",
    # Before LoginRequiredMiddleware, which sends an ended sign-in to the login page.
    "lms.middleware.SessionIdleTimeoutMiddleware",
    "lms.middleware.SecondFactorMiddleware",
]
# django-axes answers a sign-in while locked out; last, as its documentation asks.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# The first backend refuses locked-out accounts and addresses before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Wrong passwords (django-axes): AXES_FAILURE_LIMIT failures in a row lock the account, and as
# many from one address lock the address (all accounts tried from it), for
# AXES_COOLOFF_MINUTES or until an administrator unlocks it (admin: アクセス試行 → delete).
# Offices that share one address share its count: raise the limit rather than drop the address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES) if AXES_COOLOFF_MINUTES else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful sign-in clears the account's count (not the address's: see AXES_LOCKOUT_...).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lms.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "organisation.signin.client_address"
# Passwords never reach the attempt log; usernames do, for the administrator who unlocks.
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# Each sign-in would log four lines at INFO; lockouts are warnings and still reach the log.
LOGGING["loggers"]["axes"] = {"level": os.environ.get("LOG_LEVEL_LIBRARIES", "WARNING")}

# The second factor (django-otp, TOTP): open to everyone at /accounts/two-factor/; with
# REQUIRE_2FA_FOR_PRIVILEGED, HR analysts and administrators must enrol and give a code at
# every sign-in. Off by default so that the demo and `make run` sign in with a password alone.
REQUIRE_2FA_FOR_PRIVILEGED = env_bool("REQUIRE_2FA_FOR_PRIVILEGED", False)
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "まなびDX")

# Sessions: SESSION_COOKIE_AGE seconds from sign-in at most, however active (default a working
# day); SESSION_IDLE_TIMEOUT seconds without a page opened end it sooner.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))

# Production defaults follow DEBUG: off, every cookie is secure, plain HTTP is redirected to
# HTTPS and HSTS is sent. Each can be set apart (e.g. SECURE_HSTS_SECONDS=300 while trying).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# BEHIND_TLS_PROXY: TLS ends at a proxy (nginx) that sets X-Forwarded-Proto and appends the
# client's address to X-Forwarded-For; both are then believed, from that proxy only.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page is framed by another; Wagtail's own preview frames itself and says so per view.
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "fullscreen=(self), picture-in-picture=(self)"
)


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# CSP_MEDIA_SOURCES: where the player fetches streams, posters and captions from besides this
# site (an S3 endpoint, a CDN). Default: the S3 endpoint in use, if any.
if AWS_S3_ENDPOINT_URL:
    _media_default = _origin(AWS_S3_ENDPOINT_URL)
elif AWS_STORAGE_BUCKET_NAME:
    _media_default = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
else:
    _media_default = ""
CSP_MEDIA_SOURCES = env_list("CSP_MEDIA_SOURCES", _media_default)
# Every page: scripts only from files of this site (no inline script, no handler attributes;
# JSON in <script type="application/json"> is data and needs nothing). Style attributes are
# allowed (charts and tiles size and colour themselves with them); style elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_SOURCES],
        "media-src": ["'self'", "blob:", *CSP_MEDIA_SOURCES],
        "connect-src": ["'self'", *CSP_MEDIA_SOURCES],
        # hls.js parses streams in a worker it starts from a blob.
        "worker-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (and Django's) still has inline scripts (inline panels, date pickers) and
# frames its own previews: there scripts and styles may be inline, and nowhere else.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
