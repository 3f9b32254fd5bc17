"""How much one coverage study may ask, and how long it may compute: one definition for the
public faces (`GET /api/v1/coverage` and the page /territoire/couverture/, open to anybody)
and one for the studies the hub's staff start as tasks (`POST /api/v1/coverage/runs`).

The cost of a study is the coverage matrix (candidate sites × demand points within R km,
which grows with the area and with R²) and the solver's phases. Measured on this project's
2-core machine, France loaded (34,846 inhabited communes, 3,351 places, kinds with no place
so that every commune is open), `coverage_study` then the JSON, before these limits:

- all of France, accessibility only: 0.4 s + 0.6 s of JSON (8.4 MB);
- all of France, k = 50: 1.6 s at 10 km, 3.2 s at 20 km, 4.2 s at 30 km (587 MB), 10.5 s at
  50 km (1.3 GB); cover_all 1.8 to 5.4 s from 5 to 30 km;
- the largest région (Grand Est, 5,109 communes) at 30 km: k = 50 in 0.6 s, cover_all in 1.4 s
  (1.0 s of it the bound, which the deadline shortens);
- the exact MILP is not predictable from the size: cover_all at 10 km took 0.05 s on Vaucluse
  (151 communes), 1.2 s on the Ain (391), 4 to 9 s on départements of 500 to 590 communes,
  18 s on the Pas-de-Calais (887); France with 2,000 sites was still running after 30 s
  (the security review, issue 14).

Hence for the public faces: new sites only on areas of at most 6,000 inhabited communes (any
région, not France), k ≤ 50, R ≤ 30 km, at most 20 départements listed, the exact solve up to
250,000 candidate sites × demand points (about 500 × 500: a département), and a deadline of
1 s on the computation, after which the solver stops its search and returns the best sites
found with the status "time_limit" (its bound stays valid). Accessibility alone (no new
sites) stays open on all of France: no matrix, the nearest place by KD-tree. Measured with
these limits through the test client (`/tmp` scratch database, machine shared, load 5 on 2
cores, so about twice the idle figures): the largest région at 30 km with k = 50 in 0.7 s,
cover_all in 1.4 to 1.6 s ("time_limit"); France's accessibility 2.6 s, of which 1.1 s is
`dataclasses.asdict` in `formats.study_as_dict` (study and JSON took 1.0 s on the idle
machine, above).

A run of the staff may study all of France with up to 2,000 sites, exact up to 30,000,000
candidate sites × demand points (5,477²: any région, Grand Est's 5,109 communes included),
within 60 s. R stays ≤ 30 km: a study of France at 50 km peaked at 1.3 GB of memory.

Django-free: plain values, so that the solver's benchmarks and the faces share it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoverageLimits:
    """The bounds of one kind of study. `max_communes_for_sites`: new sites (`new_sites` or
    `cover_all`) only on areas with at most this many inhabited communes (None: any area).
    `exact_max_size`: the exact solve only when candidate sites × demand points is at most
    this. `time_limit_s`: the whole study's deadline; the solver stops there with the best
    sites found (status "time_limit")."""

    max_new_sites: int
    max_radius_km: float
    max_departements: int
    max_communes_for_sites: int | None
    exact_max_size: int
    time_limit_s: float


PUBLIC = CoverageLimits(
    max_new_sites=50,
    max_radius_km=30.0,
    max_departements=20,
    max_communes_for_sites=6_000,
    exact_max_size=250_000,
    time_limit_s=1.0,
)

RUN = CoverageLimits(
    max_new_sites=2_000,
    max_radius_km=30.0,
    max_departements=20,
    max_communes_for_sites=None,
    exact_max_size=30_000_000,
    time_limit_s=60.0,
)
