"""Benchmark of a coverage study end to end, as `maillage coverage --france --new-sites 200`
runs it: communes and places read from the database, coverage built, solved and bounded.

France's communes in a scratch SQLite database, 5 % of them (fixed seed) holding an EPN at
their town hall, R = 10 km, k = 200, against reading the communes alone (the floor).

    .venv/bin/python bench/coverage_study.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "src"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from run import maillage  # noqa: E402  (bench/ is on the path: this file's own folder)
from web_places import _bench_environment  # noqa: E402

BenchRow = tuple[str, float, str, float, str, bool | None]
SHARE = 0.05
TARGET_S = 2.0
TARGET_GAP = 0.5


def _measure(repeat: int) -> dict:
    """In the child: places at 5 % of the town halls, then the study, `repeat` times."""
    import random

    import django

    django.setup()
    from maillage.coverage.study import CoverageRequest, coverage_study
    from maillage.directory.models import Place, PlaceTag
    from maillage.territory.models import Commune

    communes = list(
        Commune.objects.filter(kind="COM", latitude__isnull=False, population__gt=0)
        .order_by("code")
        .values_list("code", "nom", "latitude", "longitude")
    )
    chosen = random.Random(84000).sample(communes, round(SHARE * len(communes)))
    places = Place.objects.bulk_create(
        Place(
            source="bench",
            source_id=code,
            pivot="00000000000000",
            nom=f"EPN {nom}",
            commune_id=code,
            commune_nom=nom,
            code_postal="00000",
            adresse="Mairie",
            latitude=lat,
            longitude=lon,
            location_exact=False,
            date_maj="2026-01-01",
        )
        for code, nom, lat, lon in chosen
    )
    PlaceTag.objects.bulk_create(
        PlaceTag(place=place, vocabulary="hub_kind", value="epn") for place in places
    )
    floor, total, studies = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        list(
            Commune.objects.filter(kind="COM").values_list(
                "code", "population", "latitude", "longitude"
            )
        )
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        study = coverage_study(
            CoverageRequest(radius_km=10, france=True, kinds=("epn",), new_sites=200)
        )
        total.append(time.perf_counter() - started)
        studies.append(study)
    return {
        "places": len(places),
        "communes": len(studies[-1].communes),
        "floor": statistics.median(floor),
        "total": statistics.median(total),
        "gap": max(study.gap_pct for study in studies),
        "status": studies[-1].status,
    }


def bench_coverage_study(repeat: int) -> list[BenchRow]:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
        maillage("load-territory", "--no-progress", data_dir=data_dir)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
            env=_bench_environment(data_dir),
            check=True,
            capture_output=True,
            text=True,
        )
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    met = measured["total"] < TARGET_S and measured["gap"] <= TARGET_GAP
    return [
        (
            f"coverage --france k=200 from the DB ({measured['communes']:,} communes, "
            f"{measured['places']:,} places), gap {measured['gap']:.3f} % ({measured['status']})",
            measured["total"],
            "read the communes",
            measured["floor"],
            f"< {TARGET_S:g} s, gap ≤ {TARGET_GAP} %",
            met,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.repeat)))
        return
    for row in bench_coverage_study(1 if args.quick else 3):
        name, median, baseline_name, baseline, target, met = row
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(f"{name}: {median:.3f} s ({baseline_name} {baseline:.3f} s) {target} {verdict}")


if __name__ == "__main__":
    main()
