"""Benchmark of registrations to the programme under load, on SQLite and on PostgreSQL, each
on a scratch database of its own (`maillage migrate`: the categories, no demo hub needed).

32 HTTP clients on loopback (one thread and one http.client connection each) post
registrations with distinct e-mails to POST /api/v1/events/{id}/registrations, all at once and
all on ONE popular session (capacity 30), on the threaded server of bench/booking.py (a fixed
pool of worker threads). Reported: registrations answered per second and the p95 latency,
against a bare Django view asked the same way. Afterwards SQL counts the seated people of each
session (over-booking: seated > capacity, must be 0) and looks up every registration answered
201 or 202 (lost: a request without a 201/202/409/422 answer, or a 201/202 whose row is
missing; must be 0). The first 30 answers of a round must be seats, the rest waiting.

PostgreSQL: BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/maillage_bench_programme (never DATABASE_URL); the bench
drops and recreates that database (its name must contain "bench").

    .venv/bin/python bench/programme_load.py [--quick] [--sqlite-only]

`bench_programme(repeat)` returns rows (name, median_s, baseline_name, baseline_s, target,
met) for bench/run.py's table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import booking as booking_bench  # noqa: E402  (bench/booking.py: its server and helpers)

BenchRow = tuple[str, float, str, float, str, bool | None]

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench_programme"
)
CLIENTS = 32
REQUESTS_PER_CLIENT = 32  # 1,024 registrations asked per round, on one session
CAPACITY = 30
ANSWERS = {201, 202, 409, 422}
BARE_URL = "/bench/bare/"


class Round(booking_bench.Round):
    @property
    def answered(self) -> int:
        return sum(count for status, count in self.statuses.items() if status in ANSWERS)


def _fire(port: int, plans: list[list[tuple[str, str, bytes | None]]]) -> tuple[Round, list[int]]:
    """As bench/booking.py's, and also keeps the ids answered with 201 or 202."""
    seen, ids = Round(), []
    lock = threading.Lock()
    ready = threading.Barrier(len(plans) + 1)

    def client(plan: list[tuple[str, str, bytes | None]]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        ready.wait()
        for method, url, body in plan:
            headers = {"Content-Type": "application/json"} if body else {}
            started = time.perf_counter()
            rule = error = created = None
            try:
                connection.request(method, url, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                status = response.status
                if method == "POST" and status in (201, 202):
                    created = json.loads(payload)["id"]
                elif method == "POST" and status in (409, 422):
                    rule = json.loads(payload).get("rule")
            except (OSError, http.client.HTTPException, ValueError, KeyError) as failure:
                status, error = None, f"{type(failure).__name__}: {failure}"
                connection.close()
            elapsed = time.perf_counter() - started
            with lock:
                seen.latencies.append(elapsed)
                seen.statuses[status] += 1
                if rule:
                    seen.rules[f"{status} {rule}"] += 1
                if error:
                    seen.errors[error] += 1
                if created is not None:
                    ids.append(created)
        connection.close()

    threads = [threading.Thread(target=client, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seen.seconds = time.perf_counter() - started
    return seen, ids


def _plans(event_id: int, session_id: int, tag: str) -> list[list[tuple[str, str, bytes]]]:
    url = f"/api/v1/events/{event_id}/registrations"
    return [
        [
            (
                "POST",
                url,
                json.dumps(
                    {
                        "session": session_id,
                        "name": f"Personne {number}-{request}",
                        "email": f"p-{tag}-{number}-{request}@bench.invalid",
                    }
                ).encode(),
            )
            for request in range(REQUESTS_PER_CLIENT)
        ]
        for number in range(CLIENTS)
    ]


def _bare_plans() -> list[list[tuple[str, str, None]]]:
    return [[("GET", BARE_URL, None)] * REQUESTS_PER_CLIENT for _ in range(CLIENTS)]


def _sessions(rounds: int) -> list[tuple[int, int]]:
    """(event id, session id) for each round, the first for the warm-up."""
    from django.utils import timezone

    from maillage.programme.models import Category, Event, Session

    category = Category.objects.order_by("position").first()
    start = timezone.now() + dt.timedelta(days=7)
    pairs = []
    for number in range(rounds + 1):
        event = Event.objects.create(title=f"Atelier très demandé {number}", category=category)
        session = Session.objects.create(
            event=event, start=start, end=start + dt.timedelta(hours=2), capacity=CAPACITY
        )
        pairs.append((event.pk, session.pk))
    return pairs


def _over_booked(session_ids: list[int]) -> int:
    """Sessions whose seated people exceed the capacity, counted by SQL."""
    from django.db.models import Count, F, Q

    from maillage.programme.models import Registration, Session

    return (
        Session.objects.filter(pk__in=session_ids)
        .annotate(
            seated=Count("registrations", filter=Q(registrations__state__in=Registration.SEATED))
        )
        .filter(seated__gt=F("capacity"))
        .count()
    )


def _run_child(database: str, repeat: int, out: Path) -> None:
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        env = booking_bench._environment(
            data_dir, POSTGRES_URL if database == "postgresql" else None
        )
        booking_bench._manage("migrate", "--no-input", "-v", "0", env=env)
        os.environ.update(env)
        import django
        from django.db import connections

        django.setup()
        from maillage.programme.models import Registration

        pairs = _sessions(repeat)
        connections.close_all()
        server_errors = data_dir / "server-errors.txt"
        server = subprocess.Popen(
            [sys.executable, "-c", booking_bench.SERVER, str(CLIENTS)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=server_errors.open("w"),
            text=True,
        )
        rounds, bares, answered_ids = [], [], []
        try:
            port = int(server.stdout.readline())
            _fire(port, _bare_plans())  # warm-up of both paths
            _fire(port, _plans(*pairs[0], tag="warm"))
            for number, (event_id, session_id) in enumerate(pairs[1:], start=1):
                bares.append(_fire(port, _bare_plans())[0])
                seen, ids = _fire(port, _plans(event_id, session_id, tag=str(number)))
                rounds.append(seen)
                answered_ids += ids
        finally:
            server.terminate()
            server.wait(timeout=30)
        failures = Counter(
            line
            for line in server_errors.read_text(errors="replace").splitlines()
            if line and not line.startswith((" ", "Traceback", "The above", "During handling"))
        )
        measured = [session_id for _event, session_id in pairs[1:]]
        over = _over_booked(measured)
        found = set(Registration.objects.filter(pk__in=answered_ids).values_list("pk", flat=True))
        missing_rows = len(set(answered_ids) - found)
        seated = Registration.objects.filter(
            session_id__in=measured, state__in=Registration.SEATED
        ).count()
        connections.close_all()

    seats = sum(r.statuses[201] for r in rounds)
    waiting = sum(r.statuses[202] for r in rounds)
    refused = sum(r.statuses[409] + r.statuses[422] for r in rounds)
    unanswered = sum(r.lost for r in rounds)
    lost = unanswered + missing_rows
    asked = sum(len(r.latencies) for r in rounds)
    rate = statistics.median(r.per_second for r in rounds)
    p95 = statistics.median(r.p95 for r in rounds)
    bare_rate = statistics.median(r.per_second for r in bares)
    bare_p95 = statistics.median(r.p95 for r in bares)
    print(
        f"[{label}] POST /api/v1/events/{{id}}/registrations, {CLIENTS} clients, "
        f"{len(rounds)} round(s) of {CLIENTS * REQUESTS_PER_CLIENT} on one session of "
        f"{CAPACITY} seats: {rate:.0f} registrations/s, p95 {p95 * 1000:.0f} ms (bare view: "
        f"{bare_rate:.0f} requests/s, p95 {bare_p95 * 1000:.0f} ms)\n"
        f"[{label}] answers: {seats} × 201, {waiting} × 202, {refused} × 409/422 "
        f"{dict(sum((r.rules for r in rounds), Counter()))}, {unanswered} unanswered of {asked}; "
        f"{missing_rows} answered rows missing; seated {seated} for "
        f"{CAPACITY * len(rounds)} seats; over-booked sessions {over}",
        flush=True,
    )
    for error, count in sum((r.errors for r in rounds), Counter()).most_common(5):
        print(f"[{label}] lost: {count} × {error}", flush=True)
    for line, count in failures.most_common(5):
        print(f"[{label}] server error: {count} × {line[:300]}", flush=True)
    sound = over == 0 and lost == 0 and seats == CAPACITY * len(rounds)
    rows: list[BenchRow] = [
        (
            f"POST registrations ×{CLIENTS}, 1 session, {label}: {rate:.0f}/s",
            1 / rate,
            f"bare view: {bare_rate:.0f} req/s",
            1 / bare_rate,
            "",
            None,
        ),
        (
            f"  p95; {seats} × 201, {waiting} × 202, {over} over-booked, {lost} lost",
            p95,
            "bare view p95",
            bare_p95,
            "0 over-booked, 0 lost",
            sound,
        ),
    ]
    out.write_text(json.dumps(rows))


def bench_programme(repeat: int, *, postgres: bool = True) -> list[BenchRow]:
    """The rows of the programme load benchmark; `repeat` is the number of load rounds."""
    return booking_bench.on_both_databases(
        "programme",
        POSTGRES_URL,
        lambda database: booking_bench.measure_in_child(__file__, database, repeat),
        postgres=postgres,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child(args.child, args.repeat, args.out)
        return
    missed = False
    rows = bench_programme(1 if args.quick else 3, postgres=not args.sqlite_only)
    for name, median_s, baseline_name, baseline_s, target, met in rows:
        verdict = "" if met is None else ("met" if met else "MISSED")
        missed |= met is False
        print(
            f"{name:<60} {median_s * 1000:>8.2f} ms  {baseline_name:<24} "
            f"{baseline_s * 1000:>8.2f} ms  {median_s / baseline_s:>7.2f}x  {target} {verdict}"
        )
    if missed:
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
