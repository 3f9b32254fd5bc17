import shutil

import pytest

from maillage.core.models import Activity
from maillage.territory.datafrance import TerritorySourceError
from maillage.territory.models import Commune, Departement, Epci, Region
from maillage.territory.services import territory_load

pytestmark = pytest.mark.django_db


def _empty_territory():
    Commune.objects.all().delete()
    Departement.objects.all().delete()
    Region.objects.all().delete()
    Epci.objects.all().delete()


def test_load_creates_everything_then_a_second_run_changes_nothing(territory_subset_dir):
    _empty_territory()
    steps = []
    first = territory_load(
        source_dir=territory_subset_dir, progress=lambda *args: steps.append(args)
    )
    assert first.changed
    assert first.communes.created == Commune.objects.count() == 610
    assert (first.regions.created, first.departements.created) == (18, 101)
    assert any(step.startswith("écriture : communes") for step, _done, _total in steps)

    second = territory_load(source_dir=territory_subset_dir)
    assert not second.changed
    assert second.communes.unchanged == first.communes.created
    assert Activity.objects.filter(verb="territory.checked").exists()


def test_load_repairs_changed_rows_and_removes_stale_ones(territory_subset_dir):
    Commune.objects.filter(code="84080").update(population=1, nom="Montoux")
    Commune.objects.filter(code="84087").delete()  # Orange: missing row
    stale_departement = Departement.objects.create(code="99", nom="Ailleurs", region_id="93")
    Commune.objects.create(
        code="99001", nom="Nulle-Part", search_name="nulle part", departement=stale_departement
    )

    report = territory_load(source_dir=territory_subset_dir)

    monteux = Commune.objects.get(code="84080")
    assert (monteux.nom, monteux.population, monteux.search_name) == ("Monteux", 12909, "monteux")
    assert Commune.objects.filter(code="84087").exists()
    assert not Commune.objects.filter(code="99001").exists()
    assert not Departement.objects.filter(code="99").exists()
    assert (report.communes.created, report.communes.updated, report.communes.deleted) == (1, 1, 1)
    assert report.departements.deleted == 1


def test_a_bad_source_writes_nothing(tmp_path, territory_subset_dir):
    _empty_territory()
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "communes.csv.lzma").write_bytes(b"garbage")
    with pytest.raises(TerritorySourceError):
        territory_load(source_dir=tmp_path)
    assert Region.objects.count() == 0
    assert Commune.objects.count() == 0


def test_demand_points_and_boundaries_are_stored(territory_subset_dir):
    monteux = Commune.objects.get(code="84080")
    assert monteux.location_source == Commune.LocationSource.TOWN_HALL
    assert monteux.latitude == pytest.approx(44.0343, abs=1e-3)
    assert monteux.boundary.startswith('{"type":"Polygon"')
    assert len(monteux.boundary) < 5000  # simplified enough to draw many at once
    gex = Commune.objects.get(code="01173")
    assert gex.location_source == Commune.LocationSource.INSIDE_BOUNDARY
    assert 46.2 < gex.latitude < 46.4 and 5.9 < gex.longitude < 6.2
    marseille_1er = Commune.objects.get(code="13201")
    assert marseille_1er.parent_id == "13055" and marseille_1er.kind == Commune.Kind.ARRONDISSEMENT
