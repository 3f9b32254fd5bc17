"""Turn DATABASE_URL into Django's DATABASES entry, with errors a person can act on."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
_EXAMPLE = "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///path/to/file.sqlite3"

# WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock when a
# transaction starts, so "check then write" (capacity, double booking) cannot interleave.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_settings_from_url(url: str, *, default_sqlite_path: Path) -> dict:
    """Return a DATABASES["default"] dict for `url`; an empty url means the SQLite file."""
    url = url.strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        config = dj_database_url.parse(url)
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        return config
    if scheme not in _POSTGRES_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {parts.scheme or '(none)'!r} is not supported: use {_EXAMPLE}."
        )
    if not parts.hostname and "host=" not in parts.query:
        raise ImproperlyConfigured(f"DATABASE_URL has no host: use {_EXAMPLE}.")
    if not parts.path.strip("/"):
        raise ImproperlyConfigured(f"DATABASE_URL names no database: use {_EXAMPLE}.")
    try:
        # Kept connections suit a server with a fixed pool of threads (gunicorn --threads);
        # one that starts a thread per request (runserver) would leave one behind each time.
        max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
        config = dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True)
    except ValueError as error:  # a port that is not a number, for instance
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed ({error}): use {_EXAMPLE}."
        ) from None
    return config


def describe_database(config: dict) -> str:
    """A short, password-free description of where the database is."""
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {config['NAME']}"
    host = config.get("HOST") or "localhost"
    port = config.get("PORT") or 5432
    return f"PostgreSQL database {config.get('NAME')!r} on {host}:{port}"
