"""Settings of the API benchmarks: the project's, in production mode (no query log), with
one extra bench-only view (`bench/urls.py`). Needs MAILLAGE_DATA_DIR set to a scratch folder."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-production-rule")

from maillage.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The benchmarks ask over plain http; production would redirect them to https.
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
