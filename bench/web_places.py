"""Benchmark of the places page /lieux/ on the demo hub with the open data of ../shared/data
(about 3,300 places of Provence-Alpes-Côte d'Azur), production settings.

- Server time of the first HTML of /lieux/ (no filter: the first page of every place, the
  count, the filters' choices), median in process (django.test.Client), against a bare
  Django view answering `{}` through the same middleware. Target: < 150 ms.
- Bytes a browser transfers for the first view: the HTML, every stylesheet and script it
  references, and the GeoJSON its map loads (the map tiles come from OpenStreetMap's
  servers and are not counted). A response is counted gzipped only when the server sends
  it so (asked with `Accept-Encoding: gzip`); static files are counted as they are on disk,
  since the project ships no compressing static server. Target: < 1 MiB (1,048,576 bytes).
  In the table this row's two figures are megabytes (10^6 bytes), not seconds.

    .venv/bin/python bench/web_places.py [--quick]

`bench_web_places(repeat)` returns rows (name, median_s, baseline_name, baseline_s, target,
met) for bench/run.py's table. The measures run in a child process: Django is set up once
per process, and bench/api_places.py sets it up in bench/run.py's own.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "src"):  # `bench.settings`, then `maillage`
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from run import maillage  # noqa: E402  (bench/ is on the path: this file's own folder)

BenchRow = tuple[str, float, str, float, str, bool | None]

SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
PAGE_URL = "/lieux/"
BARE_URL = "/bench/bare/"
TARGET_S = 0.150
BUDGET_BYTES = 1_048_576
_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
_GEOJSON = re.compile(r'data-geojson-url="([^"]+)"')


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


def _median_in_process(client, url: str, samples: int) -> float:
    client.get(url)  # warm caches (templates, query plans, opening hours) as a server has them
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:200]}")
    return statistics.median(times)


def _transferred(client, url: str) -> tuple[int, int, str]:
    """(bytes sent, bytes once gunzipped, body) of one response, asked as a browser asks."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    sent = b"".join(response.streaming_content) if response.streaming else response.content
    body = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    return len(sent), len(body), body.decode("utf-8", "replace")


def _first_view_bytes(client) -> dict[str, int]:
    """Bytes of each part of the first view of /lieux/: html, css+js, geojson, and what
    the css+js would be gzipped (for information)."""
    import html as html_module

    from django.conf import settings
    from django.contrib.staticfiles import finders

    sent, _raw, page = _transferred(client, PAGE_URL)
    parts = {"html": sent, "assets": 0, "assets_gzipped": 0}
    parts.update(geojson=0, geojson_raw=0, geojson_gzipped=0)
    for url in _ASSET.findall(page):
        url = html_module.unescape(url)
        if not url.startswith(settings.STATIC_URL) and not url.startswith(
            "/" + settings.STATIC_URL
        ):
            raise SystemExit(f"{url}: only the site's own static files are expected")
        relative = url.split(settings.STATIC_URL, 1)[1]
        path = finders.find(relative)
        if path is None:
            raise SystemExit(f"{url} is referenced by {PAGE_URL} but not found: run `make assets`")
        content = Path(path).read_bytes()
        parts["assets"] += len(content)
        parts["assets_gzipped"] += len(gzip.compress(content, compresslevel=6))
    for url in _GEOJSON.findall(page):
        geojson_sent, geojson_raw, body = _transferred(client, html_module.unescape(url))
        parts["geojson"] += geojson_sent
        parts["geojson_raw"] += geojson_raw
        parts["geojson_gzipped"] += len(gzip.compress(body.encode(), compresslevel=6))
    return parts


def _measure(repeat: int) -> dict:
    """In the child process, Django set up on the scratch database."""
    import django

    django.setup()
    from django.test import Client

    from maillage.directory.models import Place

    client = Client()
    samples = 20 * repeat
    return {
        "places": Place.objects.count(),
        "bare": _median_in_process(client, BARE_URL, samples),
        "page": _median_in_process(client, PAGE_URL, samples),
        "bytes": _first_view_bytes(client),
    }


def bench_web_places(repeat: int) -> list[BenchRow]:
    """The rows of the places-page benchmark; `repeat` scales the number of samples."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
        maillage("load-territory", "--no-progress", data_dir=data_dir)
        demo = ["demo", "--no-progress"]
        if SHARED_DATA.is_dir():
            demo += ["--data", str(SHARED_DATA)]
        else:
            print(f"(web_places: {SHARED_DATA} is absent; the demo hub alone is measured)")
        maillage(*demo, data_dir=data_dir)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
            env=_bench_environment(data_dir),
            check=True,
            capture_output=True,
            text=True,
        )
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    places, parts = measured["places"], measured["bytes"]
    total = parts["html"] + parts["assets"] + parts["geojson"]
    geojson_note = (
        "gzipped"
        if parts["geojson"] < parts["geojson_raw"]
        else f"not gzipped, {parts['geojson_gzipped'] / 1000:.0f} if it were"
    )
    detail = (
        f"HTML {parts['html'] / 1000:.0f} kB, CSS+JS {parts['assets'] / 1000:.0f} kB"
        f" ({parts['assets_gzipped'] / 1000:.0f} gzipped), GeoJSON {parts['geojson'] / 1000:.0f}"
        f" kB ({geojson_note})"
    )
    return [
        (
            f"GET /lieux/ first HTML ({places:,} places)",
            measured["page"],
            "bare Django view",
            measured["bare"],
            "< 150 ms",
            measured["page"] < TARGET_S,
        ),
        (
            f"/lieux/ first view, MB sent: {detail}",
            total / 1e6,
            "budget, MB",
            BUDGET_BYTES / 1e6,
            "< 1 MiB",
            total < BUDGET_BYTES,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child: one JSON line on stdout
        print(json.dumps(_measure(args.repeat)))
        return
    for name, median, baseline_name, baseline, target, met in bench_web_places(
        1 if args.quick else 3
    ):
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(
            f"{name}\n    {median:.4f}  vs {baseline_name} {baseline:.4f}"
            f"  ({median / baseline:.2f}x)  {target} {verdict}"
        )


if __name__ == "__main__":
    main()
