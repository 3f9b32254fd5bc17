"""Benchmark of the places API over 50,000 places spread over Provence-Alpes-Côte d'Azur.

In process (django.test.Client, production settings): the median of a 20 km search around
Avignon and of a text search, against a bare Django view answering `{}` (the floor of any
request through the same middleware). Over HTTP: requests per second of the near search on
a threaded wsgiref server (the standard library's; the project ships no production server),
as a ratio to the bare view on the same server in the same run.

    .venv/bin/python bench/api_places.py [--quick]

`bench_api_places(repeat)` returns rows (name, median_s, baseline_name, baseline_s, target,
met) for bench/run.py's table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "src"):  # `bench.settings`, then `maillage`
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from run import maillage  # noqa: E402  (bench/ is on the path: this file's own folder)

BenchRow = tuple[str, float, str, float, str, bool | None]

PLACES = 50_000
PACA_DEPARTEMENTS = ("04", "05", "06", "13", "83", "84")
NEAR_URL = "/api/v1/places?near=43.95,4.8&radius_km=20"
TEXT_URL = "/api/v1/places?q=mediatheque"
BARE_URL = "/bench/bare/"
TARGET_S = 0.050
HTTP_CLIENTS = 4
HTTP_SECONDS = 5.0  # per URL; the request loops stop by themselves after that
HTTP_MAX_REQUESTS = 20_000

# (name pattern, hub kind): one place in five is a médiathèque, as in the real inventories.
KINDS = (
    ("Médiathèque {}", "library"),
    ("Espace public numérique de {}", "epn"),
    ("France Services {}", "france_services"),
    ("Fablab de {}", "fablab"),
    ("Tiers-lieu {}", "tiers_lieu"),
)
HOURS = (
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Tu-Sa 10:00-18:00",
    "Mo,We,Fr 14:00-17:30; Sa 09:00-12:00",
    "Mo-Fr 08:30-12:30; PH off",
    "",
)


def _bench_environment(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MAILLAGE_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")]),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    return env


def _create_places(count: int) -> None:
    """`count` places around the communes of PACA (points moved up to ~3 km), 3–5 tags
    each, in a few bulk inserts."""
    import datetime

    import numpy as np

    from maillage.core.text import normalise_for_search
    from maillage.directory.models import Place, PlaceTag
    from maillage.directory.standard import FRAIS, SERVICES
    from maillage.territory.models import Commune

    communes = list(
        Commune.objects.filter(
            departement_id__in=PACA_DEPARTEMENTS,
            kind=Commune.Kind.COMMUNE,
            latitude__isnull=False,
        ).values_list("code", "nom", "latitude", "longitude")
    )
    rng = np.random.default_rng(2024)
    picks = rng.integers(0, len(communes), count)
    shifts = rng.uniform(-0.03, 0.03, (count, 2))
    today = datetime.date.today()
    places = []
    for number in range(count):
        code, commune_nom, latitude, longitude = communes[picks[number]]
        pattern, _kind = KINDS[number % len(KINDS)]
        nom = pattern.format(commune_nom)
        summary = "Accompagnement aux usages du numérique pour tous les publics."
        places.append(
            Place(
                source="bench",
                source_id=str(number),
                pivot="13002526500013",
                nom=nom,
                search_text=normalise_for_search(f"{nom} {commune_nom} {summary}"),
                commune_id=code,
                commune_nom=commune_nom,
                code_postal="84000",
                adresse="1 place de la Mairie",
                latitude=round(latitude + shifts[number, 0], 6),
                longitude=round(longitude + shifts[number, 1], 6),
                horaires=HOURS[number % len(HOURS)],
                presentation_resume=summary,
                date_maj=today,
            )
        )
    Place.objects.bulk_create(places, batch_size=2_000)
    ids = list(Place.objects.filter(source="bench").order_by("pk").values_list("pk", flat=True))
    tags = []
    for number, place_id in enumerate(ids):
        _pattern, kind = KINDS[number % len(KINDS)]
        tags.append(PlaceTag(place_id=place_id, vocabulary="hub_kind", value=kind))
        for position in range(1 + number % 3):
            service = SERVICES[(number + position) % len(SERVICES)]
            tags.append(
                PlaceTag(place_id=place_id, vocabulary="services", value=service, position=position)
            )
        tags.append(
            PlaceTag(place_id=place_id, vocabulary="frais_a_charge", value=FRAIS[number % 3])
        )
    PlaceTag.objects.bulk_create(tags, batch_size=5_000)


def _median_in_process(client, url: str, samples: int) -> float:
    client.get(url)  # warm caches (query plans, opening hours) as a running server has them
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:200]}")
    return statistics.median(times)


def _requests_per_second(port: int, url: str) -> float:
    """Requests per second from HTTP_CLIENTS threads asking `url` in a loop, bounded in
    time and count; a new connection each time, as wsgiref speaks HTTP/1.0."""
    done = [0] * HTTP_CLIENTS
    failures: list[str] = []
    deadline = time.perf_counter() + HTTP_SECONDS

    def ask(slot: int) -> None:
        while time.perf_counter() < deadline and sum(done) < HTTP_MAX_REQUESTS:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(f"{url} answered {response.status}")
                    return
            finally:
                connection.close()
            done[slot] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=ask, args=(slot,)) for slot in range(HTTP_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(failures[0])
    return sum(done) / elapsed


SERVER = """
import socketserver, sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from django.core.wsgi import get_wsgi_application

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

class Threaded(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128

server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Threaded,
                     handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
"""


def _http_ratio(data_dir: Path) -> tuple[float, float]:
    """(near search, bare view) requests per second on one wsgiref server."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        env=_bench_environment(data_dir),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(server.stdout.readline())
        _requests_per_second(port, BARE_URL)  # warm-up of both, as for the in-process runs
        near = _requests_per_second(port, NEAR_URL)
        bare = _requests_per_second(port, BARE_URL)
        return near, bare
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_api_places(repeat: int) -> list[BenchRow]:
    """The rows of the places-API benchmark; `repeat` scales the number of samples."""
    samples = 20 * repeat
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
        maillage("load-territory", "--no-progress", data_dir=data_dir)
        saved_environment = dict(os.environ)
        # Django is set up once per process: in this one, against this scratch database.
        os.environ.update(_bench_environment(data_dir))
        try:
            import django
            from django.db import connections
            from django.test import Client

            django.setup()
            _create_places(PLACES)
            client = Client()
            bare = _median_in_process(client, BARE_URL, samples)
            near = _median_in_process(client, NEAR_URL, samples)
            text = _median_in_process(client, TEXT_URL, samples)
            connections.close_all()
            near_rps, bare_rps = _http_ratio(data_dir)
        finally:
            os.environ.clear()
            os.environ.update(saved_environment)
    return [
        (
            f"GET places near, 20 km ({PLACES:,} places)",
            near,
            "bare Django view",
            bare,
            "< 50 ms",
            near < TARGET_S,
        ),
        (
            f"GET places q=mediatheque ({PLACES:,})",
            text,
            "bare Django view",
            bare,
            "< 50 ms",
            text < TARGET_S,
        ),
        (
            f"HTTP places near: {near_rps:.0f} req/s",
            1 / near_rps,
            f"bare view: {bare_rps:.0f} req/s",
            1 / bare_rps,
            "",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    args = parser.parse_args()
    for name, median_s, baseline_name, baseline_s, target, met in bench_api_places(
        1 if args.quick else 3
    ):
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(
            f"{name:<48} {median_s * 1000:>8.2f} ms  {baseline_name:<26} "
            f"{baseline_s * 1000:>8.2f} ms  {median_s / baseline_s:>6.2f}x  {target} {verdict}"
        )


if __name__ == "__main__":
    main()
