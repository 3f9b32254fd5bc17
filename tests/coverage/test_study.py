"""The coverage study over the test territory (Vaucluse, Bouches-du-Rhône, Loire…)."""

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_study
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def epns():
    # Monteux and Avignon (Vaucluse); a fablab in Marseille.
    PlaceFactory(nom="EPN Monteux", latitude=44.0343, longitude=4.9954, tags={"hub_kind": ["epn"]})
    PlaceFactory(
        nom="EPN Avignon", commune_id="84007", latitude=43.9493, longitude=4.8055,
        tags={"hub_kind": ["epn"]},
    )  # fmt: skip
    PlaceFactory(
        nom="Fablab Marseille", commune_id="13201", latitude=43.2965, longitude=5.3698,
        tags={"hub_kind": ["fablab"]},
    )  # fmt: skip


def test_accessibility_of_vaucluse(epns):
    study = coverage_study(CoverageRequest(radius_km=10, departements=("84",), kinds=("epn",)))
    assert study.places_considered == 2
    by_code = {row.code: row for row in study.communes}
    assert by_code["84080"].nearest_km == pytest.approx(0.0, abs=0.5) and by_code["84080"].covered
    assert not by_code["84129"].covered or by_code["84129"].nearest_km <= 10  # Sorgues
    assert 0 < study.population_covered < study.population_total
    assert study.pct_covered == pytest.approx(
        100 * study.population_covered / study.population_total, abs=0.01
    )
    assert {row.code for row in study.white_zones} == {
        row.code for row in study.communes if not row.covered
    }
    assert sum(row.values["population"] for row in study.by_departement) == study.population_total
    kinds = {row.key: row.values for row in study.places_by_kind}
    assert kinds["epn"]["84"] == 2 and kinds["epn"]["total"] == 2


def test_new_sites_add_coverage_within_the_bound(epns):
    study = coverage_study(
        CoverageRequest(radius_km=10, departements=("84",), kinds=("epn",), new_sites=5)
    )
    assert len(study.recommended_sites) == 5
    added = sum(site.added_population for site in study.recommended_sites)
    assert study.population_covered_after == pytest.approx(study.population_covered + added, abs=5)
    assert added <= study.upper_bound + 1
    assert [site.rank for site in study.recommended_sites] == [1, 2, 3, 4, 5]
    gains = [site.added_population for site in study.recommended_sites]
    assert gains == sorted(gains, reverse=True)
    exact = coverage_study(
        CoverageRequest(radius_km=10, departements=("84",), kinds=("epn",), new_sites=5, exact=True)
    )
    assert exact.status == "optimal"
    assert exact.population_covered_after >= study.population_covered_after


def test_cover_all_reaches_everybody_reachable(epns):
    study = coverage_study(
        CoverageRequest(radius_km=10, departements=("84",), kinds=("epn",), cover_all=True)
    )
    assert study.pct_covered_after == 100.0 or study.unreachable
    assert study.lower_bound <= len(study.recommended_sites)


@pytest.mark.parametrize(
    ("request_", "parameter"),
    [
        (CoverageRequest(radius_km=10, departements=("99",)), "departements"),
        (CoverageRequest(radius_km=0, departements=("84",)), "radius_km"),
        (CoverageRequest(radius_km=10, departements=("84",), kinds=("bakery",)), "kinds"),
        (CoverageRequest(radius_km=10, departements=("84",), kinds=("cyberbase",)), "kinds"),
        (CoverageRequest(radius_km=10), "area"),
        (
            CoverageRequest(radius_km=10, departements=("84",), kinds=("epn",), new_sites=100_000),
            "new_sites",
        ),
    ],
)
def test_bad_input_names_the_parameter(epns, request_, parameter):
    with pytest.raises(CoverageInputError) as error:
        coverage_study(request_)
    assert error.value.parameter == parameter


def test_the_command_writes_json_csv_and_geojson(epns, tmp_path, capsys):
    target = tmp_path / "c.json"
    call_command(
        "coverage", "--departements", "84", "--kinds", "epn", "--radius-km", "10",
        "--new-sites", "3", "--output", str(target),
    )  # fmt: skip
    data = json.loads(target.read_text())
    for key in ("population_total", "population_covered", "pct_covered", "communes", "white_zones",
                "recommended_sites", "upper_bound", "gap_pct", "timings"):  # fmt: skip
        assert key in data
    assert set(data["communes"][0]) >= {"code", "nom", "population", "nearest_km", "nearest_place"}
    call_command(
        "coverage", "--departements", "84", "--kinds", "epn", "--radius-km", "10", "--format", "csv"
    )
    assert capsys.readouterr().out.startswith("code,nom,departement,epci,population,nearest_km")
    call_command(
        "coverage",
        "--departements",
        "84",
        "--radius-km",
        "10",
        "--format",
        "geojson",
        "--new-sites",
        "2",
    )
    geojson = json.loads(capsys.readouterr().out)
    assert geojson["type"] == "FeatureCollection"
    assert [f for f in geojson["features"] if f["properties"]["kind"] == "recommended_site"]


def test_bad_input_is_exit_code_2_without_a_traceback(epns):
    with pytest.raises(CommandError) as error:
        call_command("coverage", "--departements", "99", "--radius-km", "10")
    assert error.value.returncode == 2
    result = subprocess.run(
        [sys.executable, "-m", "maillage.cli", "coverage", "--radius-km", "10"],
        capture_output=True, text=True, env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
