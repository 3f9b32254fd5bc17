"""Test settings: the production settings, with a test secret and a fast password hasher."""

import os

# Long enough for the production rule (50 characters, 5 different ones).
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-long-enough-for-the-production-rule")
# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes are
# ordinary synchronous calls from a worker, so Django's async-safety check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from maillage.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client and the browser tests' live server speak plain http: with the production
# redirect to https every request would answer 301. tests/test_settings.py checks that
# production keeps it on.
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite tests run on a file, not the default shared-cache memory database: shared cache
# answers "table is locked" at once instead of waiting its turn, which no production
# database does, and the booking concurrency tests need writers to queue as they do live.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"maillage-tests-{os.getpid()}.sqlite3")
    }
