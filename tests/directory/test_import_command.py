import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.directory.models import Place
from tests.conftest import require_shared_data
from tests.directory.formats.test_converters import REAL_FILES

pytestmark = pytest.mark.django_db


def test_import_prints_a_summary_and_the_rejections(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        "id,pivot,nom,commune,code_postal,adresse,date_maj\n"
        "a,21840080100019,EPN,Monteux,84170,Place de la mairie,2024-01-01\n"
        "b,21840080100019,Fablab,Monteux,8417,Place de la mairie,2024-01-01\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import-places", str(path), "--no-progress", stdout=out)
    assert (
        "2 rows read (utf-8, standard-v1): 1 created, 0 updated, 0 unchanged, 1 rejected"
        in out.getvalue()
    )
    assert "line 3: code_postal='8417': must be 5 digits" in out.getvalue()
    assert Place.objects.get().source == "lieux"  # rows without a source: the file's name


def test_a_file_of_no_known_format_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("nom;ville\nEPN;Monteux\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"columns of autre.csv \(nom, ville…\) are those of none"
    ):
        call_command("import-places", str(path), "--no-progress")
    assert not Place.objects.exists()


@pytest.mark.parametrize(("relative", "expected"), REAL_FILES.items(), ids=list(REAL_FILES))
def test_every_real_file_imports_with_each_rejection_explained(relative, expected):
    path = require_shared_data(relative)
    out = StringIO()
    call_command("import-places", str(path), "--no-progress", stdout=out)
    summary, *report = out.getvalue().splitlines()
    counts = re.search(
        r"(\d+) rows read \((?:utf-8|mac_roman), (?P<format>[\w-]+)\): (\d+) created, 0 updated, "
        r"0 unchanged, (\d+) rejected",
        summary,
    )
    assert counts, summary
    rows, _format, created, rejected = (counts.group(i) for i in (1, 2, 3, 4))
    assert counts.group("format") == expected
    assert int(created) + int(rejected) == int(rows) == Place.objects.count() + int(rejected)
    rejection_lines = {
        int(match.group(1))
        for line in report
        if (match := re.match(r"  line (\d+): \S+=.*: \S.*", line))
    }
    assert len(rejection_lines) == int(rejected), report  # each rejected row has its reasons
    again = StringIO()
    call_command("import-places", str(path), "--no-progress", stdout=again)
    assert f"0 created, 0 updated, {created} unchanged" in again.getvalue()


def test_strict_mode_is_a_command_error(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        "id,pivot,nom,commune,code_postal,adresse,date_maj\nb,123,Fablab,Monteux,84170,Place,2024-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"pivot.*strict mode: nothing was written"):
        call_command("import-places", str(path), "--strict", "--no-progress")


def test_an_unreadable_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"no such file\. Nothing was written"):
        call_command("import-places", str(tmp_path / "absent.csv"))
