"""Settings come from the environment, with safe production defaults."""

import json
import os
import secrets
import subprocess
import sys

import pytest

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'LANGUAGE_CODE': s.LANGUAGE_CODE, "
    "'LANGUAGES': [c for c, _ in s.LANGUAGES], 'TIME_ZONE': s.TIME_ZONE, 'ENGINE': s.DATABASES['default']['ENGINE'], "
    "'SECURE_COOKIES': s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE, 'SECRET_KEY': s.SECRET_KEY, "
    "'SSL_REDIRECT': s.SECURE_SSL_REDIRECT, 'HSTS_SECONDS': s.SECURE_HSTS_SECONDS, "
    "'HSTS_SUBDOMAINS': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'HSTS_PRELOAD': s.SECURE_HSTS_PRELOAD, "
    "'PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER, "
    "'CSP_REPORT_ONLY': s.CONTENT_SECURITY_POLICY_REPORT_ONLY}))"
)
# A key that passes the production rule (50 characters or more, 5 different ones or more).
STRONG_KEY = "production-like-secret-key-for-the-settings-tests-0123456789"
HTTPS_VARIABLES = {
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
}


def run_with(tmp_path, args: list[str], **env_overrides) -> subprocess.CompletedProcess:
    """Run Python with the production settings and only the given environment variables."""
    removed = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"}
    removed.add("DJANGO_ALLOW_ASYNC_UNSAFE")  # set by tests/settings.py for Playwright only
    env = {k: v for k, v in os.environ.items() if k not in removed | HTTPS_VARIABLES}
    env.update(
        {
            "MAILLAGE_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            **env_overrides,
        }
    )
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def settings_with(tmp_path, **env_overrides):
    result = run_with(tmp_path, ["-c", f"import django; django.setup(); {SHOW}"], **env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_refused(tmp_path, **env_overrides) -> str:
    """The configuration error the settings raise with this environment."""
    result = run_with(tmp_path, ["-c", "import django; django.setup()"], **env_overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_defaults_are_safe(tmp_path):
    config = settings_with(tmp_path, SECRET_KEY=STRONG_KEY)
    assert config["DEBUG"] is False
    assert config["ALLOWED_HOSTS"] == []
    assert config["SECURE_COOKIES"] is True
    assert config["SECRET_KEY"] == STRONG_KEY
    assert config["LANGUAGE_CODE"] == "fr" and config["LANGUAGES"] == ["fr", "en"]
    assert config["TIME_ZONE"] == "Europe/Paris"
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_hosts_and_database_come_from_the_environment(tmp_path):
    config = settings_with(
        tmp_path,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org, www.hub.example.org",
        DATABASE_URL="postgres://maillage@db.example.org:5432/maillage",
    )
    assert config["ALLOWED_HOSTS"] == ["hub.example.org", "www.hub.example.org"]
    assert config["ENGINE"] == "django.db.backends.postgresql"


def test_development_mode_needs_no_secret_and_serves_localhost(tmp_path):
    config = settings_with(tmp_path, DEBUG="1")
    assert config["DEBUG"] is True
    assert "127.0.0.1" in config["ALLOWED_HOSTS"] and "*" not in config["ALLOWED_HOSTS"]


@pytest.mark.parametrize(
    "key",
    [
        "x",  # what an operator types to get past "SECRET_KEY is not set"
        "tests-only-secret-key",  # 21 characters
        "ab" * 40,  # 80 characters, 2 different ones
        "django-insecure-" + "k3j5h2g7f9d8s6a4q1w0e9r8t7y6u5i4o3p2",  # Django's throw-away prefix
    ],
    ids=["one-character", "short", "two-kinds", "django-insecure"],
)
def test_a_weak_secret_key_is_refused_in_production(tmp_path, key):
    error = settings_refused(tmp_path, SECRET_KEY=key)
    assert "SECRET_KEY is too weak" in error and "at least 50 characters" in error


def test_a_weak_secret_key_is_accepted_in_development(tmp_path):
    assert settings_with(tmp_path, DEBUG="1", SECRET_KEY="x")["SECRET_KEY"] == "x"


def test_production_is_https_only_by_default(tmp_path):
    config = settings_with(tmp_path, SECRET_KEY=STRONG_KEY)
    assert config["SSL_REDIRECT"] is True
    assert config["HSTS_SECONDS"] == 31_536_000
    assert config["HSTS_SUBDOMAINS"] is True
    assert config["HSTS_PRELOAD"] is False
    assert config["PROXY_SSL_HEADER"] is None
    assert config["CSP_REPORT_ONLY"] is False  # the Content-Security-Policy is enforced


def test_development_is_not_https_only(tmp_path):
    config = settings_with(tmp_path, DEBUG="1")
    assert config["SSL_REDIRECT"] is False
    assert config["HSTS_SECONDS"] == 0
    assert config["HSTS_SUBDOMAINS"] is False
    assert config["HSTS_PRELOAD"] is False
    assert config["CSP_REPORT_ONLY"] is True  # Django's debug pages are inline scripts


def test_https_settings_come_from_the_environment(tmp_path):
    config = settings_with(
        tmp_path,
        SECRET_KEY=STRONG_KEY,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="no",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )
    assert config["SSL_REDIRECT"] is False
    assert config["HSTS_SECONDS"] == 3600
    assert config["HSTS_SUBDOMAINS"] is False
    assert config["HSTS_PRELOAD"] is True
    assert config["PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECURE_HSTS_SECONDS", "one year", "SECURE_HSTS_SECONDS='one year' is not a whole number"),
        ("SECURE_SSL_REDIRECT", "maybe", "SECURE_SSL_REDIRECT='maybe' is not a boolean"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto", "use e.g. HTTP_X_FORWARDED_PROTO"),
    ],
)
def test_a_bad_https_setting_names_the_fix(tmp_path, variable, value, message):
    assert message in settings_refused(tmp_path, SECRET_KEY=STRONG_KEY, **{variable: value})


def test_check_deploy_finds_nothing_to_warn_about(tmp_path):
    result = run_with(
        tmp_path,
        ["-m", "maillage.cli", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="hub.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
