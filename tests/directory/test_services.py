import dataclasses

import pytest
from django.db import IntegrityError, transaction

from maillage.core.models import Activity
from maillage.directory import standard
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.directory.selectors import place_to_standard
from maillage.directory.services import (
    StrictImportError,
    organisation_save,
    place_save,
    places_import,
)
from maillage.directory.sources import SourceRow, read_rows
from tests.conftest import require_shared_data

pytestmark = pytest.mark.django_db

HUB_DU_SUD_CSV = "hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv"
HUB_DU_SUD_JSON = "hub-du-sud-paca/20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.v1.json"

ROW = {
    "id": "epn-1",
    "pivot": "21840080100019",
    "nom": "Espace public numérique",
    "commune": "Monteux",
    "code_postal": "84170",
    "code_insee": "84080",
    "adresse": "Place de la mairie",
    "latitude": "44.0350",
    "longitude": "4.9960",
    "date_maj": "2024-03-01",
    "services": "Aide aux démarches administratives|Loisirs et créations numériques",
    "frais_a_charge": "Gratuit",
    "source": "hub",
}


def rows(*values):
    return [SourceRow(line=number, values=value) for number, value in enumerate(values, start=2)]


def test_a_row_is_created_with_its_commune_and_tags():
    report = places_import(rows=rows(ROW))
    assert (report.created, report.rejected) == (1, [])
    place = Place.objects.get(source="hub", source_id="epn-1")
    assert place.commune_id == "84080"
    assert place.location_exact
    assert place.values_of("services") == (
        "Aide aux démarches administratives",
        "Loisirs et créations numériques",
    )
    assert Activity.objects.filter(verb="places.imported").exists()


def test_commune_by_postcode_and_name_then_town_hall_point_when_there_are_no_coordinates():
    row = {
        **ROW,
        "code_insee": "",
        "latitude": "",
        "longitude": "",
        "commune": "L'ISLE SUR LA SORGUE",
        "code_postal": "84800",
    }
    report = places_import(rows=rows(row))
    place = Place.objects.get()
    assert place.commune_id == "84054"
    assert not place.location_exact
    assert (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude)
    assert report.approximate_locations == 1


def test_commune_by_point_when_code_and_name_do_not_match():
    row = {**ROW, "code_insee": "", "commune": "Monteux-Village"}
    places_import(rows=rows(row))
    assert Place.objects.get().commune_id == "84080"


def test_importing_again_changes_nothing_and_a_change_updates_one_place():
    places_import(rows=rows(ROW, {**ROW, "id": "epn-2"}))
    again = places_import(rows=rows(ROW, {**ROW, "id": "epn-2"}))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = places_import(rows=rows({**ROW, "services": "Loisirs et créations numériques"}))
    assert (changed.updated, changed.unchanged) == (1, 0)
    assert Place.objects.get(source_id="epn-1").values_of("services") == (
        "Loisirs et créations numériques",
    )


def test_bad_rows_are_reported_with_line_field_value_and_reason_and_good_ones_kept():
    report = places_import(
        rows=rows(
            ROW,
            {**ROW, "id": "epn-2", "code_postal": "841"},
            ROW,
            {"__invalid__": "3 values for 2 columns"},
        )
    )
    assert report.created == 1
    assert [str(issue) for issue in report.rejected] == [
        "line 3: code_postal='841': must be 5 digits",
        "line 4: id='epn-1': already on line 2 of this file",
        "line 5: (row)='3 values for 2 columns': not a record",
    ]
    assert report.rejected_rows == 3


def test_strict_mode_writes_nothing_when_one_row_is_bad():
    with pytest.raises(StrictImportError, match=r"line 3: code_postal='841'.*nothing was written"):
        places_import(rows=rows(ROW, {**ROW, "id": "epn-2", "code_postal": "841"}), strict=True)
    assert not Place.objects.exists()


def test_dry_run_reports_and_writes_nothing():
    report = places_import(rows=rows(ROW), dry_run=True)
    assert report.created == 1 and report.dry_run
    assert not Place.objects.exists()


def test_the_source_option_overrides_the_rows_source():
    places_import(rows=rows(ROW), source="mon-import")
    assert Place.objects.get().source == "mon-import"


def test_the_database_refuses_a_value_outside_the_vocabulary():
    places_import(rows=rows(ROW))
    place = Place.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceTag.objects.create(place=place, vocabulary="services", value="Cuisine")
    PlaceTag.objects.create(place=place, vocabulary="hub_kind", value="fablab")


def test_the_hub_du_sud_files_import_completely_and_read_back_as_they_were_written():
    csv_rows, _ = read_rows(require_shared_data(HUB_DU_SUD_CSV))
    report = places_import(rows=csv_rows)
    assert (report.created, report.rejected_rows) == (646, 0)
    # Opening hours the OSM parser refuses (the test territory lacks some communes, whose
    # places without coordinates get a warning too).
    assert sum(issue.field == "horaires" for issue in report.warnings) == 7
    vaucluse = Place.objects.filter(code_postal__startswith="84")
    assert vaucluse.count() == 110
    assert all(place.commune.departement_id == "84" for place in vaucluse)
    # The JSON edition of the same data changes nothing.
    json_rows, _ = read_rows(require_shared_data(HUB_DU_SUD_JSON))
    again = places_import(rows=json_rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 646)
    # What is stored is what the file said: the export will be a fixed point.
    by_id = {row.values["id"]: standard.parse_v1(row.values).place for row in csv_rows}
    for place in Place.objects.prefetch_related("tags"):
        expected = by_id[place.source_id]
        if expected.latitude is None:  # located at the town hall, exported without a point
            assert not place.location_exact
        assert place_to_standard(place) == dataclasses.replace(expected)


def test_a_place_saved_by_a_person_gets_its_search_text_and_a_log_line():
    places_import(rows=rows(ROW))
    place = Place.objects.get()
    place.nom = "Médiathèque Éclair"
    place_save(place=place, actor=None)
    place.refresh_from_db()
    assert place.search_text.startswith("mediatheque eclair monteux")
    assert Activity.objects.filter(verb="place.updated", target_id=str(place.pk)).exists()


def test_an_organisation_saved_by_a_person_gets_its_search_name():
    organisation = organisation_save(
        organisation=Organisation(name="Coopérative Éclat", kind=Organisation.Kind.ASSOCIATION)
    )
    assert organisation.search_name == "cooperative eclat"
    assert Activity.objects.filter(verb="organisation.created").exists()
