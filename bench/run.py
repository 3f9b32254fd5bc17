"""Benchmarks of Maillage, printed as one table: medians, and ratios against a baseline
measured in the same run (the machine is shared and noisy, so absolute times drift).

    make bench                      # all
    .venv/bin/python bench/run.py --quick   # fewer repetitions
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))

from maillage.core.geo import PointIndex, haversine_km  # noqa: E402
from maillage.territory.datafrance import read_territory  # noqa: E402


@dataclass
class Row:
    name: str
    median_s: float
    baseline_name: str
    baseline_s: float
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        return self.median_s / self.baseline_s if self.baseline_s else float("nan")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def maillage(*args: str, data_dir: Path) -> None:
    """Run `maillage <args>` on the SQLite database of `data_dir`, whatever this process's
    environment says (a benchmark may have set bench settings for itself)."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "MAILLAGE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bench_territory_load(repeat: int) -> list[Row]:
    """Full France into a fresh SQLite file, then the idempotent second run, against the
    cost of only reading and checking the source files (the floor of any load)."""
    read_times = timed(read_territory, repeat)
    fresh, again = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder)
            maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
            fresh += timed(
                lambda d=data_dir: maillage("load-territory", "--no-progress", data_dir=d), 1
            )
            again += timed(
                lambda d=data_dir: maillage("load-territory", "--no-progress", data_dir=d), 1
            )
    read_median = statistics.median(read_times)
    fresh_median = statistics.median(fresh)
    return [
        Row(
            "load-territory, fresh (all France)",
            fresh_median,
            "read+check source",
            read_median,
            "< 60 s",
            fresh_median < 60,
        ),
        Row(
            "load-territory, second run", statistics.median(again), "read+check source", read_median
        ),
    ]


def bench_nearest(repeat: int) -> list[Row]:
    """Nearest commune of 2,000 random points in mainland France: KD-tree on the unit
    sphere (building it included) against brute-force haversine over every commune."""
    source = read_territory()
    located = [c for c in source.communes if c.latitude is not None]
    lats = np.array([c.latitude for c in located])
    lons = np.array([c.longitude for c in located])
    rng = np.random.default_rng(84080)
    query_lat = rng.uniform(42.5, 51.0, 2_000)
    query_lon = rng.uniform(-4.5, 8.0, 2_000)

    def brute_force():
        best = np.empty(len(query_lat), dtype=int)
        for start in range(0, len(query_lat), 500):
            chunk = slice(start, start + 500)
            distances = haversine_km(
                query_lat[chunk, None], query_lon[chunk, None], lats[None, :], lons[None, :]
            )
            best[chunk] = distances.argmin(axis=1)
        return best

    tree_times = timed(lambda: PointIndex(lats, lons).nearest(query_lat, query_lon), repeat)
    brute_times = timed(brute_force, repeat)
    _distances, tree_best = PointIndex(lats, lons).nearest(query_lat, query_lon)
    agree = float(np.mean(tree_best == brute_force()))
    if agree < 0.9999:
        raise SystemExit(f"KD-tree and brute force disagree on {1 - agree:.4%} of the queries")
    brute = statistics.median(brute_times)
    return [
        Row(
            f"nearest of 2k points among {len(lats)} communes",
            statistics.median(tree_times),
            "brute-force haversine",
            brute,
        ),
    ]


HUB_DU_SUD = (
    REPO_ROOT.parent / "shared/data/hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv"
)


def synthetic_places_file(target: Path, rows: int) -> Path:
    """`rows` places made from the Hub du Sud file: new ids, points moved by up to ~1 km."""
    import csv

    with HUB_DU_SUD.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, originals = reader.fieldnames, list(reader)
    rng = np.random.default_rng(646)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for number in range(rows):
            row = dict(originals[number % len(originals)])
            row["id"] = f"{row['id']}-{number}"
            if row["latitude"]:
                row["latitude"] = f"{float(row['latitude']) + rng.uniform(-0.01, 0.01):.6f}"
                row["longitude"] = f"{float(row['longitude']) + rng.uniform(-0.01, 0.01):.6f}"
            writer.writerow(row)
    return target


def bench_import_places(repeat: int) -> list[Row]:
    """import-places into a SQLite file holding all of France: the 646-row Hub du Sud file,
    and 50,000 rows made from it, against reading and checking the same rows (no database)."""
    if not HUB_DU_SUD.exists():
        print(f"(import benchmarks skipped: {HUB_DU_SUD} is absent)")
        return []
    from maillage.directory.sources import read_rows
    from maillage.directory.standard import parse_v1

    def parse_only(path: Path):
        rows, _encoding = read_rows(path)
        return [parse_v1(row.values) for row in rows]

    results = []
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        big = synthetic_places_file(data_dir / "places-50k.csv", 50_000)
        maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
        maillage("load-territory", "--no-progress", data_dir=data_dir)
        for path, label, limit in ((HUB_DU_SUD, "646 rows", 3.0), (big, "50,000 rows", 60.0)):
            parse_median = statistics.median(timed(lambda p=path: parse_only(p), repeat))
            times = []
            for attempt in range(repeat):
                source = f"bench-{label}-{attempt}"  # a new source each time: every row is created
                times += timed(
                    lambda p=path, s=source: maillage(
                        "import-places",
                        str(p),
                        "--source",
                        s,
                        "--no-progress",
                        "-v",
                        "0",
                        data_dir=data_dir,
                    ),
                    1,
                )
                if path is big:
                    break  # once is enough to know, and it is long
            median = statistics.median(times)
            results.append(
                Row(
                    f"import-places, {label} (new)",
                    median,
                    "read+check rows",
                    parse_median,
                    f"< {limit:g} s",
                    median < limit,
                )
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one repetition of each measure")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    rows = bench_nearest(repeat) + bench_territory_load(repeat) + bench_import_places(repeat)
    from web_places import bench_web_places  # measures in a child process of its own

    rows += [Row(*measured) for measured in bench_web_places(repeat)]
    from coverage_solver import bench_coverage
    from coverage_study import bench_coverage_study

    rows += [Row(*measured) for measured in bench_coverage(repeat)]
    rows += [Row(*measured) for measured in bench_coverage_study(repeat)]
    from booking import bench_booking  # SQLite and PostgreSQL, each in a child process

    rows += [Row(*measured) for measured in bench_booking(repeat)]
    from programme_load import bench_programme  # SQLite and PostgreSQL, in child processes

    rows += [Row(*measured) for measured in bench_programme(repeat)]
    from mediation import bench_mediation  # 200,000 records, SQLite and PostgreSQL, children

    rows += [Row(*measured) for measured in bench_mediation(repeat)]
    from connections_matching import bench_connections_matching  # pure: no database

    rows += [Row(*measured) for measured in bench_connections_matching(repeat)]
    # Last: it sets Django up in this process, against its own database.
    from programme_page import bench_programme_page

    rows += [Row(*measured) for measured in bench_programme_page(repeat)]
    from api_places import bench_api_places

    rows += [Row(*measured) for measured in bench_api_places(repeat)]

    print(
        f"\nMaillage benchmarks, {repeat} repetition(s), medians (python {sys.version.split()[0]}, {os.cpu_count()} cores)\n"
    )
    header = (
        f"{'measure':<52} {'median':>10} {'baseline':<24} {'baseline':>10} {'ratio':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        verdict = "" if row.met is None else ("met" if row.met else "MISSED")
        print(
            f"{row.name:<52} {row.median_s:>9.3f}s {row.baseline_name:<24} {row.baseline_s:>9.3f}s "
            f"{row.ratio:>7.3g}x  {row.target} {verdict}".rstrip()
        )
    if any(row.met is False for row in rows):
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
