from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from maillage.core.database_url import database_settings_from_url, describe_database

DEFAULT = Path("/srv/maillage/maillage.sqlite3")


def test_empty_url_means_the_sqlite_file_in_wal_mode():
    config = database_settings_from_url("", default_sqlite_path=DEFAULT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(DEFAULT)
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url():
    config = database_settings_from_url(
        "postgres://postgres@127.0.0.1:5432/test", default_sqlite_path=DEFAULT
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "test",
        "postgres",
        "127.0.0.1",
        5432,
    )
    assert describe_database(config) == "PostgreSQL database 'test' on 127.0.0.1:5432"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/test", "scheme 'mysql' is not supported"),
        ("localhost:5432/test", "is not supported"),
        ("postgres:///test", "has no host"),
        ("postgres://postgres@127.0.0.1:5432/", "names no database"),
        ("postgres://postgres@127.0.0.1:port/test", "malformed"),
    ],
)
def test_bad_urls_say_what_is_wrong_and_how_to_fix_it(url, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        database_settings_from_url(url, default_sqlite_path=DEFAULT)
    assert "postgres://USER:PASSWORD@HOST:5432/NAME" in str(error.value)
    assert "\n" not in str(error.value)
