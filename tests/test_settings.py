"""Settings come from the environment, with safe production defaults."""

import json
import os
import subprocess
import sys

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'LANGUAGE_CODE': s.LANGUAGE_CODE, "
    "'LANGUAGES': [c for c, _ in s.LANGUAGES], 'TIME_ZONE': s.TIME_ZONE, 'ENGINE': s.DATABASES['default']['ENGINE'], "
    "'SECURE_COOKIES': s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE, 'SECRET_KEY': s.SECRET_KEY}))"
)


def settings_with(tmp_path, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"}
    }
    env.update(
        {
            "MAILLAGE_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            **env_overrides,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults_are_safe(tmp_path):
    config = settings_with(tmp_path, SECRET_KEY="from-the-environment")
    assert config["DEBUG"] is False
    assert config["ALLOWED_HOSTS"] == []
    assert config["SECURE_COOKIES"] is True
    assert config["SECRET_KEY"] == "from-the-environment"
    assert config["LANGUAGE_CODE"] == "fr" and config["LANGUAGES"] == ["fr", "en"]
    assert config["TIME_ZONE"] == "Europe/Paris"
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_hosts_and_database_come_from_the_environment(tmp_path):
    config = settings_with(
        tmp_path,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="hub.example.org, www.hub.example.org",
        DATABASE_URL="postgres://maillage@db.example.org:5432/maillage",
    )
    assert config["ALLOWED_HOSTS"] == ["hub.example.org", "www.hub.example.org"]
    assert config["ENGINE"] == "django.db.backends.postgresql"


def test_development_mode_needs_no_secret_and_serves_localhost(tmp_path):
    config = settings_with(tmp_path, DEBUG="1")
    assert config["DEBUG"] is True
    assert "127.0.0.1" in config["ALLOWED_HOSTS"] and "*" not in config["ALLOWED_HOSTS"]
