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
    assert any(step.startswith("write communes") for step, _done, _total in steps)

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


def test_a_failure_in_the_middle_of_writing_leaves_nothing_half_written(
    territory_subset_dir, monkeypatch
):
    from maillage.territory import services

    _empty_territory()
    real_synchronise = services._synchronise

    def fail_on_communes(model, wanted, **kwargs):
        if model is Commune:
            raise RuntimeError("disk full")
        return real_synchronise(model, wanted, **kwargs)

    monkeypatch.setattr(services, "_synchronise", fail_on_communes)
    with pytest.raises(RuntimeError, match="disk full"):
        territory_load(source_dir=territory_subset_dir)
    # Régions, départements and EPCI had been written before the failure: all rolled back.
    assert Region.objects.count() == 0
    assert Departement.objects.count() == 0
    assert Epci.objects.count() == 0


def test_an_empty_source_table_is_refused_rather_than_emptying_the_territory(
    tmp_path, territory_subset_dir
):
    import lzma

    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    with lzma.open(tmp_path / "epci.csv.lzma", "wt") as handle:
        handle.write("id,code,nom,type\n")
    with pytest.raises(TerritorySourceError, match="holds no row"):
        territory_load(source_dir=tmp_path)
    assert Epci.objects.count() == 1253


def test_epci_kinds_are_the_source_ones_and_valid():
    assert set(Epci.objects.values_list("kind", flat=True)) == {"CC", "CA", "CU", "ME"}
    metropole = Epci.objects.get(nom="Métropole d'Aix-Marseille-Provence")
    metropole.full_clean()
    assert metropole.get_kind_display() == "Métropole"
