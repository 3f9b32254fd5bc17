from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.directory.models import Place
from tests.conftest import require_shared_data

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
    assert "2 rows read (utf-8): 1 created, 0 updated, 0 unchanged, 1 rejected" in out.getvalue()
    assert "line 3: code_postal='8417': must be 5 digits" in out.getvalue()
    assert Place.objects.get().source == "import"


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (
            "hub-du-sud-paca/20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.v0.json",
            "is in the standard v0",
        ),
        ("france-services/liste-fs-paca.csv", "are not those of the standard v1"),
        (
            "nice-cyber-espaces/coordonnees-cyber-espaces.original.csv",
            "are not those of the standard v1",
        ),
    ],
)
def test_files_of_other_formats_are_refused_with_a_reason(relative, message):
    with pytest.raises(CommandError, match=message):
        call_command("import-places", str(require_shared_data(relative)), "--no-progress")
    assert not Place.objects.exists()


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
