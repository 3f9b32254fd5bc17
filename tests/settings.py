"""Test settings: the production settings, with a test secret and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes are
# ordinary synchronous calls from a worker, so Django's async-safety check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from maillage.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
