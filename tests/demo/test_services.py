from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.accounts.models import User
from maillage.demo import hub
from maillage.demo.inventory import INVENTORY
from maillage.demo.services import DATA_FILES, DEMO_SOURCE, INVENTORY_SOURCE, demo_build
from maillage.directory.models import Organisation, Place, PlaceTag
from tests.conftest import SHARED_DATA_DIR, require_shared_data

pytestmark = pytest.mark.django_db


def _kinds(source):
    return sorted(
        PlaceTag.objects.filter(place__source=source, vocabulary="hub_kind").values_list(
            "value", flat=True
        )
    )


def test_the_demo_hub_is_built_as_seed_000_describes_it():
    report = demo_build(with_bookings=False)
    hub_places = Place.objects.filter(source=DEMO_SOURCE)
    assert hub_places.count() == len(hub.HUB_PLACES) + len(hub.CAMION_STOPS)
    assert all(place.is_demo and not place.location_exact for place in hub_places)
    assert {place.operator.name for place in hub_places} == {"Provence Numérique"}
    kinds = _kinds(DEMO_SOURCE)
    # 4 tiers-lieux, 2 fablabs (+ the camion's ephemeral one), 8 coworkings (+ the Filature's),
    # 2 mediation spaces, 1 medialab, 3 training rooms, the camion and its 4 stops.
    assert kinds.count("tiers_lieu") == 4
    assert kinds.count("fablab") == 3
    assert kinds.count("coworking") == 9
    assert kinds.count("epn") == 2
    assert kinds.count("medialab") == 1
    assert kinds.count("training_space") == 3
    assert kinds.count("mobile_stop") == 5
    assert Place.objects.get(source=DEMO_SOURCE, source_id="camion-numerique").values_of(
        "itinerance"
    ) == ("Itinérant",)
    scic = Organisation.objects.get(name="Provence Numérique")
    assert (scic.legal_form, scic.commune_id, scic.is_demo, scic.is_hub) == (
        "scic",
        "84080",
        False,
        True,
    )
    actors = Organisation.objects.filter(name__in=[spec.name for spec in hub.ORGANISATIONS])
    assert actors.filter(is_demo=True).count() == len(hub.ORGANISATIONS) - 1
    assert {email for email, _password, _roles in report.logins} == {
        email for email, _name, _roles in hub.DEMO_USERS
    }
    assert User.objects.get(email="coordination@demo.maillage.fr").check_password(hub.DEMO_PASSWORD)
    # The test territory holds Vaucluse and Bouches-du-Rhône only: the inventory's entries
    # elsewhere are reported, not invented.
    in_vaucluse = [entry for entry in INVENTORY if entry.departement == "84"]
    assert len(in_vaucluse) == 16  # 5 cyberbases, 1 EPN, 3 RSP, 4 pépinières, 2 visio, 1 parc
    assert Place.objects.filter(
        source=INVENTORY_SOURCE, commune__departement_id="84"
    ).count() == len(in_vaucluse)
    assert any("communes not found" in line and "Gap (05)" in line for line in report.lines)


def test_building_twice_changes_nothing():
    demo_build(with_bookings=False)
    counts = (Place.objects.count(), PlaceTag.objects.count(), Organisation.objects.count())
    report = demo_build(with_bookings=False)
    assert (Place.objects.count(), PlaceTag.objects.count(), Organisation.objects.count()) == counts
    assert "Provence Numérique's places (demo): 0 created, 0 updated, 25 unchanged." in report.lines


def test_the_command_imports_the_open_data_and_prints_the_logins():
    for relative in DATA_FILES:
        require_shared_data(relative)
    out = StringIO()
    call_command("demo", "--data", str(SHARED_DATA_DIR), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "admin@demo.maillage.fr" in text and hub.DEMO_PASSWORD in text
    for relative in DATA_FILES:
        assert relative in text
    assert Place.objects.count() > 3000
    again = StringIO()
    call_command("demo", "--data", str(SHARED_DATA_DIR), "--no-progress", stdout=again)
    assert " created" in again.getvalue()
    assert all(
        " 0 created, 0 updated" in line
        for line in again.getvalue().splitlines()
        if "created" in line
    )


def test_a_missing_data_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("demo", "--data", str(tmp_path / "absent"), "--no-progress")


def test_the_demo_has_shared_resources_a_truck_tour_and_weeks_of_bookings():
    from maillage.booking.models import Booking, Resource, TourStop

    report = demo_build()
    assert Resource.objects.filter(is_demo=True).count() == 20
    assert TourStop.objects.count() == 4 * 10  # four villages, ten weeks
    done = Booking.objects.filter(state=Booking.State.DONE).count()
    assert done > 100 and Booking.objects.filter(state=Booking.State.NO_SHOW).exists()
    assert not Booking.objects.filter(resource__training_required=True).exists()
    assert any(line.startswith("Shared resources: 20") for line in report.lines)
    again = demo_build()
    assert any("stops added: 0; bookings added: 0" in line for line in again.lines)
