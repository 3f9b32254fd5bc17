"""Settings, read from the environment.

Production is the default: DEBUG is off, SECRET_KEY must be given and ALLOWED_HOSTS lists
real host names. `DEBUG=1` turns on development mode, where a throw-away secret key and
local host names are acceptable.

Environment variables (booleans are 1/0, true/false, yes/no, on/off):
    DEBUG           "1"/"true" for development (default: off)
    SECRET_KEY      required unless DEBUG; unless DEBUG, at least 50 characters, 5 of them
                    different, not starting with "django-insecure-" (Django's check W009).
                    Make one: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'
    ALLOWED_HOSTS   comma-separated host names (default: none, or localhost in DEBUG)
    DATABASE_URL    e.g. postgres://user@host:5432/name (default: SQLite file ./maillage.sqlite3)
    CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://hub.example.org
    MAILLAGE_DATA_DIR   where runtime files live (default: the working directory)
    MAILLAGE_LOG_LEVEL  level of the maillage loggers (default: INFO)
    MAILLAGE_TASKS_BACKEND  Django tasks backend (default: run tasks inside the request)
    EMAIL_BACKEND   Django mail backend (default: SMTP; the console in DEBUG)
    EMAIL_HOST, EMAIL_PORT  the SMTP server (default: localhost, 25)
    DEFAULT_FROM_EMAIL  sender of the hub's e-mails (default: Maillage <ne-pas-repondre@localhost>)
  HTTPS (each defaults to on unless DEBUG; the site is meant to be served over HTTPS only):
    SECURE_SSL_REDIRECT  redirect http:// requests to https:// (default: on, off in DEBUG)
    SECURE_HSTS_SECONDS  Strict-Transport-Security max-age (default: 31536000, 0 in DEBUG)
    SECURE_HSTS_INCLUDE_SUBDOMAINS  HSTS for the sub-domains too (default: on, off in DEBUG)
    SECURE_HSTS_PRELOAD  ask for the browsers' preload list (default: off; why: see the
                    comment at SECURE_HSTS_PRELOAD)
    SECURE_PROXY_SSL_HEADER  the header by which a proxy that ends TLS says the request came
                    over HTTPS, e.g. HTTP_X_FORWARDED_PROTO (its value must then be "https").
                    Needed behind such a proxy (most PaaS), or SECURE_SSL_REDIRECT loops;
                    set it only if the proxy always sets or strips that header.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from maillage.core.database_url import database_settings_from_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MAILLAGE_DATA_DIR", os.getcwd())).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use 1 or 0.")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: export SECRET_KEY=<a long random string> "
            "(or DEBUG=1 for a development server)."
        )
    # Development only: never used when DEBUG is off.
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"
# Django only warns about a weak key (`check --deploy`, security.W009); a key one can guess
# lets anyone forge sessions and password-reset links, so production refuses to start.
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: it needs at least 50 characters, at least 5 of them "
        "different, and must not start with 'django-insecure-'. Make one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    # Only so that /api/v1/docs serves Swagger UI from ninja's own static files, not a CDN
    # (ninja renders its CDN page when it is not an installed app).
    "ninja",
    "maillage.core",
    "maillage.accounts",
    "maillage.territory",
    "maillage.directory",
    "maillage.booking",
    "maillage.coverage",
    "maillage.programme",
    "maillage.members",
    "maillage.mediation",
    "maillage.diagnostic",
    "maillage.accompaniment",
    "maillage.cheques",
    "maillage.demo",
    "maillage.web",
    "maillage.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "maillage.core.content_security_policy.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.api.nul_bytes.RefuseNulBytesMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {
    "default": database_settings_from_url(
        os.environ.get("DATABASE_URL", ""),
        default_sqlite_path=DATA_DIR / "maillage.sqlite3",
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "maillage.core.permissions.ObjectRuleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Long work (a coverage study of France) is a task. The immediate backend runs it inside the
# request; a deployment with a worker sets another backend (django-tasks-db, RQ).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "MAILLAGE_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Mail: printed on the console in development; SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@localhost>")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"

NINJA_PAGINATION_MAX_LIMIT = 1000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS only, unless DEBUG: http:// is redirected, and browsers are told (HSTS) to use https://
# for a year. Each can be turned off from the environment for a deployment that needs it.
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preload is off by default: being on the browsers' preload list binds the whole registrable
# domain (the association's own site and every sub-domain, not only the hub's) to HTTPS for
# months after leaving it, and only the domain's owner can take that on, knowingly. So
# `check --deploy`'s reminder (security.W021) is silenced below; the rest of HSTS is on.
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not _proxy_ssl_header.startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER={_proxy_ssl_header!r} is not a request header as Django "
            "names it: use e.g. HTTP_X_FORWARDED_PROTO."
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")

# Content-Security-Policy (maillage.core.content_security_policy): the pages run only the
# scripts and styles of their own static files — no inline <script>, no style="" attribute, no
# event handler attribute; JSON data islands (<script type="application/json">) are not run and
# stay. Map tiles come from tile.openstreetmap.org. The one hash is the <style> of the 500 page
# (pages/500.html), which cannot count on the static files; tests/core checks it matches.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'sha256-85va1WJ1o3HHlZMoeHvDsDT6jBcygGHO8c/S9gowJWo='"],
    "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
# Relaxed under one prefix only: Django's admin, whose JavaScript (the select2 of autocomplete
# fields) writes style attributes. Inline styles only, on pages for staff; its scripts stay
# 'self'. /api/v1/docs needs nothing: with "ninja" installed, Swagger UI comes from ninja's
# static files and runs under the default policy.
CONTENT_SECURITY_POLICY_PATHS = {
    "/admin/": {"style-src": ["'self'", "'unsafe-inline'"]},
}
# In DEBUG the browser reports violations in its console but enforces nothing: Django's own
# debug pages (the yellow error page, the 404 with the URL list) are made of inline scripts
# and styles.
CONTENT_SECURITY_POLICY_REPORT_ONLY = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"maillage": {"level": os.environ.get("MAILLAGE_LOG_LEVEL", "INFO")}},
}
