import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_second_run_says_nothing_changed(territory_subset_dir):
    out = StringIO()
    call_command(
        "load-territory", "--source", str(territory_subset_dir), "--no-progress", stdout=out
    )
    assert "nothing changed" in out.getvalue()
    assert "town-hall points replaced by a point inside the commune" in out.getvalue()


def test_progress_is_shown_on_stderr(territory_subset_dir):
    err = StringIO()
    call_command(
        "load-territory", "--source", str(territory_subset_dir), stdout=StringIO(), stderr=err
    )
    assert "read communes" in err.getvalue()


def test_a_corrupt_source_is_a_one_line_command_error(tmp_path, territory_subset_dir):
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "departements.csv.lzma").write_bytes(b"garbage")
    with pytest.raises(CommandError) as error:
        call_command("load-territory", "--source", str(tmp_path), "--no-progress")
    message = str(error.value)
    assert "departements.csv.lzma is corrupt" in message and "Nothing was written" in message
    assert "\n" not in message
