"""The `maillage` command: Django's manage.py, with one-line errors for setup problems."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = ["maillage", *(sys.argv if argv is None else argv)[1:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        _fail(f"configuration error: {error}")
    except Exception as error:
        from django.db.utils import OperationalError, ProgrammingError

        if _is_missing_table(error):
            _fail("the database has no tables yet: run `maillage migrate` first.")
        if not isinstance(error, OperationalError | ProgrammingError):
            raise
        _fail(_database_error_message(error))


def _is_missing_table(error: Exception) -> bool:
    text = str(error)
    # SQLite says "no such table: x"; PostgreSQL says 'relation "x" does not exist'.
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _database_error_message(error: Exception) -> str:
    from django.conf import settings

    from maillage.core.database_url import describe_database

    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (
        f"cannot use the {describe_database(settings.DATABASES['default'])}: {first_line}. "
        "Check DATABASE_URL and that the database server is running."
    )


def _fail(message: str) -> None:
    print(f"maillage: {message}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
