"""Benchmark of the programme page /programme/ with 2,000 events (one session each over the
coming year), server time in process against a bare Django view.

    .venv/bin/python bench/programme_page.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "src"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from run import maillage  # noqa: E402  (bench/ is on the path: this file's own folder)
from web_places import _bench_environment, _median_in_process  # noqa: E402

BenchRow = tuple[str, float, str, float, str, bool | None]
EVENTS = 2_000
TARGET_S = 0.150


def _measure(repeat: int) -> dict:
    import datetime as dt
    import random

    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from maillage.programme.models import Category, Event, Session

    rng = random.Random(2000)
    categories = list(Category.objects.all())
    events = Event.objects.bulk_create(
        Event(title=f"Atelier {n}", category=rng.choice(categories), description="Atelier.")
        for n in range(EVENTS)
    )
    now = timezone.now()
    Session.objects.bulk_create(
        Session(
            event=event,
            start=(start := now + dt.timedelta(hours=rng.randint(3, 365 * 24))),
            end=start + dt.timedelta(hours=2),
            capacity=rng.randint(5, 30),
        )
        for event in events
    )
    client = Client()
    samples = 10 * repeat
    return {
        "bare": _median_in_process(client, "/bench/bare/", samples),
        "page": _median_in_process(client, "/programme/", samples),
        "month": _median_in_process(client, "/programme/?vue=mois", samples),
    }


def bench_programme_page(repeat: int) -> list[BenchRow]:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        maillage("migrate", "--no-input", "-v", "0", data_dir=data_dir)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
            env=_bench_environment(data_dir),
            check=True,
            capture_output=True,
            text=True,
        )
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    return [
        (
            f"GET /programme/ ({EVENTS:,} events)",
            measured["page"],
            "bare Django view",
            measured["bare"],
            "< 150 ms",
            measured["page"] < TARGET_S,
        ),
        (
            f"GET /programme/?vue=mois ({EVENTS:,} events)",
            measured["month"],
            "bare Django view",
            measured["bare"],
            "< 150 ms",
            measured["month"] < TARGET_S,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.repeat)))
        return
    for name, median, baseline_name, baseline, target, met in bench_programme_page(
        1 if args.quick else 3
    ):
        verdict = "met" if met else "MISSED"
        print(
            f"{name}: {median * 1000:.1f} ms ({baseline_name} {baseline * 1000:.2f} ms) {target} {verdict}"
        )


if __name__ == "__main__":
    main()
