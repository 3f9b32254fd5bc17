"""The coverage study over the test territory (Vaucluse, Bouches-du-Rhône, Loire…)."""

import dataclasses
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from maillage.coverage import limits
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_check, coverage_study
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


# The limits of the public faces and of the staff's runs (coverage.limits).

SMALL = dataclasses.replace(limits.PUBLIC, max_communes_for_sites=100, exact_max_size=10_000)


@pytest.mark.parametrize(
    ("request_", "bounds", "parameter"),
    [
        (CoverageRequest(radius_km=10, departements=("84",), new_sites=51), limits.PUBLIC,
         "new_sites"),
        (CoverageRequest(radius_km=31, departements=("84",)), limits.PUBLIC, "radius_km"),
        (CoverageRequest(radius_km=31, departements=("84",)), limits.RUN, "radius_km"),
        (CoverageRequest(radius_km=10, departements=tuple(f"{n:02d}" for n in [*range(1, 20), 21, 22])),
         limits.PUBLIC, "departements"),
        # 593 town halls × 593 communes of 84, 13 and 42: above the public 250,000.
        (CoverageRequest(radius_km=10, departements=("84", "13", "42"), new_sites=3, exact=True),
         limits.PUBLIC, "exact"),
        # Vaucluse's 151 communes over limits of 100 communes and 10,000 for exact.
        (CoverageRequest(radius_km=10, departements=("84",), new_sites=3), SMALL, "new_sites"),
        (CoverageRequest(radius_km=10, departements=("84",), cover_all=True), SMALL, "cover_all"),
        (CoverageRequest(radius_km=10, departements=("84",), new_sites=3, exact=True),
         dataclasses.replace(SMALL, max_communes_for_sites=None), "exact"),
    ],
)  # fmt: skip
def test_a_study_beyond_its_limits_names_the_parameter(epns, request_, bounds, parameter):
    with pytest.raises(CoverageInputError) as checked:
        coverage_check(request_, limits=bounds)
    assert checked.value.parameter == parameter
    with pytest.raises(CoverageInputError) as studied:
        coverage_study(request_, limits=bounds)
    assert studied.value.parameter == parameter
    coverage_study(request_)  # no limits: the operator's command computes it


def test_within_the_limits_nothing_is_refused(epns):
    asked = CoverageRequest(radius_km=10, departements=("84",), new_sites=3, exact=True)
    coverage_check(asked, limits=limits.PUBLIC)
    assert coverage_study(asked, limits=limits.PUBLIC).status == "optimal"
    # Accessibility alone is not bounded by the area: all the test territory, any size.
    coverage_check(CoverageRequest(radius_km=10, france=True), limits=SMALL)


def test_past_the_time_limit_the_study_keeps_the_best_sites_found(epns):
    hurried = dataclasses.replace(limits.PUBLIC, time_limit_s=1e-9)
    for asked in (
        CoverageRequest(radius_km=10, departements=("84", "13"), new_sites=5, exact=True),
        CoverageRequest(radius_km=10, departements=("84", "13"), cover_all=True, exact=True),
    ):
        study = coverage_study(asked, limits=hurried)
        assert study.status == "time_limit" and study.recommended_sites
        full = coverage_study(asked)
        assert full.status == "optimal"
        if asked.cover_all:
            assert study.lower_bound <= len(full.recommended_sites) <= len(study.recommended_sites)
        else:
            assert study.population_covered_after <= full.population_covered_after
            assert full.population_covered_after - full.population_covered <= study.upper_bound + 1


def test_the_key_of_a_request_is_that_of_its_normalised_form():
    one = CoverageRequest(radius_km=10, departements=("84", "13"), kinds=("epn", "fablab"),
                          new_sites=2)  # fmt: skip
    same = CoverageRequest(radius_km=10.0, departements=("13", "84", "84"),
                           kinds=("fablab", "epn"), new_sites=2)  # fmt: skip
    assert one.key() == same.key() and len(one.key()) == 64
    assert one.key() != dataclasses.replace(one, new_sites=3).key()
    assert one.key() != dataclasses.replace(one, exact=True).key()
    # Without new sites, where they would open and how they are solved change nothing.
    bare = CoverageRequest(radius_km=10, departements=("84",))
    assert bare.key() == dataclasses.replace(bare, candidates="places", exact=True).key()
    assert CoverageRequest.from_params(same.normalised().as_params()) == one.normalised()
