"""Django settings for Atiende, read from the environment (README: Configuration).

The embedded default needs no variable at all: SQLite and uploads under ``$ATIENDE_HOME``
(``./var``), a secret key generated once and kept there. ``ATIENDE_ENV=production`` refuses
to start with any insecure default.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from atiende.env import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent


def _load() -> dict:
    """Read every knob once, collecting all problems into one clear error."""
    env = env_choice("ATIENDE_ENV", ("development", "production"), "development")
    home = Path(env_str("ATIENDE_HOME", "var")).expanduser().resolve()
    production = env == "production"
    problems: list[str] = []

    debug = env_bool("ATIENDE_DEBUG", False)
    secret = env_secret("ATIENDE_SECRET_KEY")
    database_url = env_str("DATABASE_URL", "")
    allowed_hosts = env_list("ATIENDE_ALLOWED_HOSTS", [] if production else ["*"])
    allow_sqlite = env_bool("ATIENDE_ALLOW_SQLITE", False)

    if production:
        if not secret:
            problems.append(
                "ATIENDE_SECRET_KEY (or ATIENDE_SECRET_KEY_FILE) is not set: production needs "
                "a long random secret, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
            )
        elif len(secret) < 40:
            problems.append("ATIENDE_SECRET_KEY is shorter than 40 characters: use a longer one.")
        if debug:
            problems.append("ATIENDE_DEBUG is on: turn it off in production (ATIENDE_DEBUG=0).")
        if not database_url.startswith(("postgres://", "postgresql://")) and not allow_sqlite:
            problems.append(
                "DATABASE_URL does not point to PostgreSQL: set DATABASE_URL=postgres://… "
                "or accept SQLite explicitly with ATIENDE_ALLOW_SQLITE=1."
            )
        for name, example in (
            ("ATIENDE_SMTP_HOST", "smtp.example.com"),
            ("ATIENDE_MAIL_FROM", "'Soporte <support@example.com>'"),
        ):
            if not env_str(name, ""):
                problems.append(
                    f"{name} is not set: outgoing mail needs it, e.g. {name}={example}."
                )
        if not allowed_hosts or "*" in allowed_hosts:
            problems.append(
                "ATIENDE_ALLOWED_HOSTS is empty or '*': list the host names the desk is served "
                "under, comma-separated (e.g. desk.example.com)."
            )
    if problems:
        raise ImproperlyConfigured(
            "Atiende refuses to start in production with insecure settings:\n  - "
            + "\n  - ".join(problems)
        )
    if not secret:
        secret = _secret_from_home(home)

    if database_url:
        try:
            database = dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise EnvError(f"DATABASE_URL cannot be read: {exc}") from None
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {}).update(_postgresql_options())
    else:
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(home / "atiende.sqlite3"),
        }
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            # IMMEDIATE: writers take the lock at BEGIN, so two writers never deadlock on upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        database.setdefault("TEST", {})["NAME"] = env_str("ATIENDE_TEST_SQLITE", "") or None
    return {
        "env": env,
        "home": home,
        "debug": debug,
        "secret": secret,
        "database": database,
        "allowed_hosts": allowed_hosts,
    }


def _postgresql_options() -> dict:
    """Statements sent with server-side parameters and prepared by PostgreSQL once a
    connection has run them ``ATIENDE_DB_PREPARE_THRESHOLD`` times (0: never prepared), so
    the frequent ones are not parsed and planned again on every run. Behind a pooler in
    transaction mode (PgBouncer < 1.21) set it to 0."""
    threshold = env_int("ATIENDE_DB_PREPARE_THRESHOLD", 2, minimum=0)
    return {"server_side_binding": True, "prepare_threshold": threshold or None}


def _secret_from_home(home: Path) -> str:
    """Generate the embedded default's secret once and keep it in the data directory."""
    path = home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


_conf = _load()

ATIENDE_ENV = _conf["env"]
ATIENDE_HOME = _conf["home"]
DEBUG = _conf["debug"]
SECRET_KEY = _conf["secret"]
ALLOWED_HOSTS = _conf["allowed_hosts"]
CSRF_TRUSTED_ORIGINS = env_list("ATIENDE_CSRF_TRUSTED_ORIGINS")
DATABASES = {"default": _conf["database"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "atiende.core",
    "atiende.customers",
    "atiende.accounts",
    "atiende.catalog",
    "atiende.tickets",
    "atiende.sla",
    "atiende.packs",
    "atiende.notify",
    "atiende.surveys",
    "atiende.channels.mail",
    "atiende.api",
    "atiende.web",
    "atiende.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, errors included.
    "csp.middleware.CSPMiddleware",
    "atiende.web.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "atiende.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: views return just the partial for an htmx request (STYLE 14).
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "atiende.urls"
WSGI_APPLICATION = "atiende.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_choice("ATIENDE_LANGUAGE", ("es", "en"), "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("ATIENDE_TIME_ZONE", "America/Bogota")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ATIENDE_HOME / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("ATIENDE_MEDIA_ROOT", str(ATIENDE_HOME / "media")))
MEDIA_URL = "/media/"
ATIENDE_ATTACHMENT_MAX_BYTES = env_int("ATIENDE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = ATIENDE_ENV == "production" and env_bool("ATIENDE_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# A strict policy for every page: scripts, styles, fonts and connections only from the app
# itself (htmx and the stylesheet are served by it; no inline script or style anywhere), images
# also as data: URLs (the API docs' icons), no plugins, no <base>, forms only to the app, never
# framed. django-csp sets it (also on error pages and the admin); a view that needs more says so
# with csp.decorators.csp_update and a reason.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Powerful browser features the desk never uses, switched off for every page and any frame.
ATIENDE_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
if ATIENDE_ENV == "production" and env_bool("ATIENDE_HTTPS", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
ATIENDE_WORKER_INTERVAL = float(env_int("ATIENDE_WORKER_INTERVAL_MS", 1000, minimum=10)) / 1000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "atiende.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "atiende.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "atiende.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Atiende API",
    "DESCRIPTION": "Service desk API: tickets, organisations, contacts, services, groups, users.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ATIENDE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task run is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}


def _mail_from_address(value: str) -> str:
    """The bare address of ``ATIENDE_MAIL_FROM`` (``Name <local@domain>`` or ``local@domain``)."""
    from email.utils import parseaddr

    _name, address = parseaddr(value)
    local, _at, domain = address.rpartition("@")
    if not local or not domain or any(ch.isspace() for ch in address):
        raise EnvError(
            f"ATIENDE_MAIL_FROM={value!r} has no usable address: write e.g. "
            "'Soporte <support@example.com>' or 'support@example.com'."
        )
    return address


# E-mail (atiende.notify): outgoing mail leaves through Django's SMTP backend, configured here.
_SMTP_SECURITY = env_choice("ATIENDE_SMTP_SECURITY", ("none", "starttls", "tls"), "none")
# Without ATIENDE_SMTP_HOST the embedded default writes each outgoing mail as a file under
# $ATIENDE_HOME/sent-mail/ instead of retrying a mail server that is not there (production
# refuses to start without ATIENDE_SMTP_HOST).
if env_str("ATIENDE_SMTP_HOST", ""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(ATIENDE_HOME / "sent-mail")
EMAIL_HOST = env_str("ATIENDE_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("ATIENDE_SMTP_PORT", 25, minimum=1)
if EMAIL_PORT > 65535:
    raise EnvError(f"ATIENDE_SMTP_PORT={EMAIL_PORT} is not a port: use 1 to 65535.")
EMAIL_HOST_USER = env_str("ATIENDE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_secret("ATIENDE_SMTP_PASSWORD") or ""
EMAIL_USE_TLS = _SMTP_SECURITY == "starttls"
EMAIL_USE_SSL = _SMTP_SECURITY == "tls"
EMAIL_TIMEOUT = env_int("ATIENDE_SMTP_TIMEOUT", 30, minimum=1)
ATIENDE_MAIL_FROM = env_str("ATIENDE_MAIL_FROM", "support@localhost")
DEFAULT_FROM_EMAIL = ATIENDE_MAIL_FROM
SERVER_EMAIL = ATIENDE_MAIL_FROM
ATIENDE_MAIL_DOMAIN = env_str(
    "ATIENDE_MAIL_DOMAIN", _mail_from_address(ATIENDE_MAIL_FROM).rpartition("@")[2]
).lower()
if "@" in ATIENDE_MAIL_DOMAIN or any(ch.isspace() for ch in ATIENDE_MAIL_DOMAIN):
    raise EnvError(
        f"ATIENDE_MAIL_DOMAIN={ATIENDE_MAIL_DOMAIN!r} is not a domain: write e.g. example.com."
    )
ATIENDE_MAIL_REPLY_SECRET = env_secret("ATIENDE_MAIL_REPLY_SECRET") or SECRET_KEY


# E-mail intake (atiende.channels.mail; README: Configuration).
ATIENDE_MAIL_MAX_BYTES = env_int("ATIENDE_MAIL_MAX_BYTES", 25 * 1024 * 1024, minimum=1024)
ATIENDE_MAIL_UNKNOWN_SENDER = env_choice(
    "ATIENDE_MAIL_UNKNOWN_SENDER", ("create", "reject"), "create"
)
ATIENDE_MAIL_UNASSIGNED_ORGANISATION = env_str("ATIENDE_MAIL_UNASSIGNED_ORGANISATION", "unassigned")
ATIENDE_MAIL_THREAD_WINDOW_DAYS = env_int("ATIENDE_MAIL_THREAD_WINDOW_DAYS", 14, minimum=0)
ATIENDE_MAIL_CLOSED_TICKET = env_choice("ATIENDE_MAIL_CLOSED_TICKET", ("new", "reopen"), "new")
ATIENDE_MAIL_AUTO_REPLY_LIMIT = env_int("ATIENDE_MAIL_AUTO_REPLY_LIMIT", 5, minimum=0)
ATIENDE_MAIL_POLL_SECONDS = env_int("ATIENDE_MAIL_POLL_SECONDS", 60, minimum=5)

# Password-reset requests (atiende.portal.passwords; README: Configuration): at most this many
# requests per e-mail address, and per client IP address, send a mail in any hour.
ATIENDE_PASSWORD_RESET_PER_ADDRESS = env_int("ATIENDE_PASSWORD_RESET_PER_ADDRESS", 3, minimum=1)
ATIENDE_PASSWORD_RESET_PER_IP = env_int("ATIENDE_PASSWORD_RESET_PER_IP", 20, minimum=1)
