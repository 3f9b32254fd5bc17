"""Benchmark of booking, on SQLite and on PostgreSQL, each on a demo hub of its own
(`maillage migrate`, `maillage demo`: all of France, 20 resources, weeks of bookings).

- Load: 32 HTTP clients on loopback (one thread and one http.client connection each) post
  bookings to POST /api/v1/bookings on a threaded wsgiref server (the standard library's;
  the project ships no production server), all at once, on 4 resources (capacities 1, 1,
  2, 3) over 2 days, with starts and lengths drawn so that most requests collide. Reported:
  requests answered per second, the p95 latency, the 201 and 409 answers, against a bare
  Django view asked the same way on the same server. Afterwards, SQL reads every active
  booking of the database and Python sweeps each resource's timeline: any instant where
  the booked quantity exceeds the capacity is a double booking. Targets: 0 double
  bookings, 0 lost requests (no 201/409/422 answer, or a connection error), and as many
  bookings in the database as 201 answers.
- Availability: the median of `booking.selectors.resource_slots` for the busiest demo
  resource over the coming 30 days, in process, against the evaluation of its opening
  hours alone over the same days (`availability.open_intervals`, no database). Target:
  < 20 ms.

PostgreSQL: BENCH_POSTGRES_URL, by default postgres://postgres@127.0.0.1:5432/maillage_bench
(never DATABASE_URL: it may be a real hub). The bench owns that database: it creates it,
and drops and recreates it at each run so every run starts alike. When the server is not
reachable, the bench says so and leaves its rows out.

    .venv/bin/python bench/booking.py [--quick]

`bench_booking(repeat)` returns rows (name, median_s, baseline_name, baseline_s, target,
met) for bench/run.py's table. Each database is measured in a child process: Django is set
up once per process, and bench/api_places.py sets it up in bench/run.py's own.

(The file is `bench/booking.py`, imported as the top-level module `booking`; the project's
app is `maillage.booking`, a different name, so neither hides the other.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
for folder in (REPO_ROOT, REPO_ROOT / "src"):  # `bench.settings`, then `maillage`
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

BenchRow = tuple[str, float, str, float, str, bool | None]

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench"
)
CLIENTS = 32
REQUESTS_PER_CLIENT = 40  # 1,280 bookings asked per round
CAPACITIES = (1, 1, 2, 3)
DAYS_AHEAD = (2, 3)
HOURS = "Mo-Su 08:00-20:00"
OPENS, CLOSES = dt.time(8), dt.time(20)
LENGTHS = (30, 60, 90)
BOOKINGS_URL = "/api/v1/bookings"
BARE_URL = "/bench/bare/"
AVAILABILITY_DAYS = 30
AVAILABILITY_TARGET_S = 0.020
ANSWERS = {201, 409, 422}


# A threaded wsgiref server with a fixed pool of worker threads, as a production threaded
# server has (gunicorn --threads, waitress): each worker keeps its database connection
# between requests, as the settings ask (CONN_MAX_AGE 60 s on PostgreSQL). The server of
# bench/api_places.py starts a thread per request instead; each of those threads leaves a
# connection behind, closed only when the garbage collector gets to it, and 32 clients
# exhaust PostgreSQL's 100 connections within a second ("too many clients already", a 500
# for about half the requests). Errors of requests go to stderr, which the bench reads.
SERVER = """
import logging, sys
from concurrent.futures import ThreadPoolExecutor
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
errors = logging.StreamHandler(sys.stderr)
errors.setLevel(logging.ERROR)
logging.getLogger("django.request").addHandler(errors)

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

class Pooled(WSGIServer):
    request_queue_size = 128
    workers = ThreadPoolExecutor(max_workers=int(sys.argv[1]))

    def process_request(self, request, client_address):
        self.workers.submit(self.work, request, client_address)

    def work(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

server = make_server("127.0.0.1", 0, application, server_class=Pooled, handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
"""

# --- The parent: one child per database ------------------------------------------------


def _postgres_ready(url: str) -> str | None:
    """Create or recreate the bench database; None when ready, else why it is not."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.strip("/")
    if "bench" not in name:
        return f"{name!r} does not look like a bench database: the bench drops it, name it *bench*"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
            # The database is the bench's own: a fresh one each run, as SQLite's scratch file.
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def measure_in_child(script: str, database: str, repeat: int, *options: str) -> list[BenchRow]:
    """The rows that `script --child DATABASE --repeat N [options] --out FILE` writes: each
    database is measured in a fresh interpreter, with its own settings and scratch database."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rows.json"
        subprocess.run(
            [sys.executable, script, "--child", database, "--repeat", str(repeat), *options,
             "--out", str(out)],
            check=True,
        )  # fmt: skip
        return [tuple(row) for row in json.loads(out.read_text())]


def on_both_databases(
    name: str,
    postgres_url: str,
    measure: Callable[[str], list[BenchRow]],
    *,
    postgres: bool = True,
) -> list[BenchRow]:
    """`measure("sqlite")`, then `measure("postgresql")` once `postgres_url` is recreated; when
    it cannot be, a line says why (naming the bench `name`) and its rows are left out."""
    rows = measure("sqlite")
    if not postgres:
        return rows
    problem = _postgres_ready(postgres_url)
    if problem is None:
        rows += measure("postgresql")
    else:
        parts = urlsplit(postgres_url)  # shown without its user and password
        where = f"{parts.hostname}:{parts.port or 5432}{parts.path}"
        print(
            f"{name} bench: no PostgreSQL measure, {where} cannot be used ({problem}); "
            "its rows are skipped.",
            flush=True,
        )
    return rows


def bench_booking(repeat: int) -> list[BenchRow]:
    """The rows of the booking benchmark; `repeat` is the number of load rounds and scales
    the availability samples."""
    return on_both_databases(
        "booking", POSTGRES_URL, lambda database: measure_in_child(__file__, database, repeat)
    )


# --- The child: one database, built, loaded, checked -----------------------------------


def _environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MAILLAGE_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")]),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(*args: str, env: dict[str, str]) -> None:
    """`maillage <args>` on the bench database (as run.maillage, keeping DATABASE_URL)."""
    subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args], env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


@dataclass
class Round:
    """What the clients of one round saw."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return sum(count for status, count in self.statuses.items() if status in ANSWERS)

    @property
    def lost(self) -> int:
        return len(self.latencies) - self.answered

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _fire(port: int, plans: list[list[tuple[str, str, bytes | None]]]) -> Round:
    """Each plan on a thread of its own, all started together; returns what they saw."""
    seen = Round()
    lock = threading.Lock()
    ready = threading.Barrier(len(plans) + 1)

    def client(plan: list[tuple[str, str, bytes | None]]) -> None:
        # One connection object per client; wsgiref answers in HTTP/1.0 and closes the
        # socket after each response, and http.client opens it again for the next request.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        ready.wait()
        for method, url, body in plan:
            headers = {"Content-Type": "application/json"} if body else {}
            started = time.perf_counter()
            rule = error = None
            try:
                connection.request(method, url, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                status = response.status
                if status in (409, 422) and method == "POST":
                    rule = json.loads(payload).get("rule")
            except (OSError, http.client.HTTPException, ValueError) as failure:
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
        connection.close()

    threads = [threading.Thread(target=client, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seen.seconds = time.perf_counter() - started
    return seen


def _booking_plans(resource_ids: list[int], seed: int) -> list[list[tuple[str, str, bytes]]]:
    """For each client, bookings on the resources over the 2 days: a start every 30 minutes
    and a length of 30, 60 or 90 minutes that ends by closing time."""
    from django.utils import timezone

    from maillage.booking.availability import PARIS

    today = timezone.localdate()
    starts = []
    for ahead in DAYS_AHEAD:
        day = today + dt.timedelta(days=ahead)
        moment = dt.datetime.combine(day, OPENS, tzinfo=PARIS)
        while moment.time() < CLOSES:
            starts.append(moment)
            moment += dt.timedelta(minutes=30)
    plans = []
    for number in range(CLIENTS):
        rng = random.Random(seed * 1000 + number)
        plan = []
        for request in range(REQUESTS_PER_CLIENT):
            start = rng.choice(starts)
            closing = dt.datetime.combine(start.date(), CLOSES, tzinfo=PARIS)
            fitting = [m for m in LENGTHS if start + dt.timedelta(minutes=m) <= closing]
            end = start + dt.timedelta(minutes=rng.choice(fitting))
            body = {
                "resource": rng.choice(resource_ids),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "guest_name": f"Client {number}",
                "guest_email": f"client-{number}-{request}@bench.invalid",
            }
            plan.append(("POST", BOOKINGS_URL, json.dumps(body).encode()))
        plans.append(plan)
    return plans


def _bare_plans() -> list[list[tuple[str, str, None]]]:
    return [[("GET", BARE_URL, None)] * REQUESTS_PER_CLIENT for _ in range(CLIENTS)]


def _load_resources(rounds: int) -> list[list[int]]:
    """A place of the bench and, for each round, fresh resources open 08:00-20:00."""
    from maillage.booking.models import Resource
    from maillage.booking.services import resource_save
    from maillage.directory.models import Place
    from maillage.directory.services import place_save

    place = Place.objects.filter(source="bench", source_id="booking-load").first() or place_save(
        place=Place(
            source="bench", source_id="booking-load", pivot="13002526500013",
            nom="Banc d'essai des réservations", commune_nom="Monteux", code_postal="84170",
            adresse="1 place de la Mairie", horaires=HOURS, date_maj=dt.date.today(),
        )
    )  # fmt: skip
    return [
        [
            resource_save(
                resource=Resource(
                    place=place, name=f"Poste {number} (tour {round_})", kind=Resource.Kind.DESK,
                    capacity=capacity, opening_hours=HOURS, min_minutes=30, max_minutes=120,
                )
            ).pk
            for number, capacity in enumerate(CAPACITIES, start=1)
        ]
        for round_ in range(rounds + 1)  # the first set is for the warm-up
    ]  # fmt: skip


def _double_bookings() -> tuple[int, int]:
    """(instants where a resource's active bookings exceed its capacity, bookings read),
    over every active booking of the database, read by SQL."""
    from django.db import connection

    from maillage.booking.models import Booking, Resource

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.resource_id, b.{quote('start')}, b.{quote('end')}, b.quantity, r.capacity "
            f"FROM {quote(Booking._meta.db_table)} b "
            f"JOIN {quote(Resource._meta.db_table)} r ON r.id = b.resource_id "
            "WHERE b.state IN (%s, %s)",
            [Booking.State.REQUESTED, Booking.State.CONFIRMED],
        )
        rows = cursor.fetchall()
    timelines: dict[int, list[tuple[dt.datetime, int]]] = {}
    capacities: dict[int, int] = {}
    for resource_id, start, end, quantity, capacity in rows:
        start, end = (
            dt.datetime.fromisoformat(v) if isinstance(v, str) else v for v in (start, end)
        )
        timelines.setdefault(resource_id, []).extend(((start, quantity), (end, -quantity)))
        capacities[resource_id] = capacity
    excesses = 0
    for resource_id, events in timelines.items():
        current = 0
        # Ends before starts at the same instant: back-to-back bookings do not overlap.
        for _moment, change in sorted(events, key=lambda event: (event[0], event[1])):
            current += change
            if change > 0 and current > capacities[resource_id]:
                excesses += 1
    return excesses, len(rows)


def _availability(samples: int) -> tuple[float, float, str]:
    """(median of resource_slots, median of the hours alone, what was measured)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from maillage.booking import availability, selectors
    from maillage.booking.models import Booking, Resource

    now = timezone.now()
    end = now + dt.timedelta(days=AVAILABILITY_DAYS)
    busiest = (
        Resource.objects.filter(is_demo=True, is_active=True)
        .exclude(kind=Resource.Kind.VEHICLE)
        .annotate(
            coming=Count(
                "bookings",
                filter=Q(
                    bookings__state__in=Booking.ACTIVE_STATES,
                    bookings__start__lt=end,
                    bookings__end__gt=now,
                ),
            )
        )
        .order_by("-coming", "pk")
        .first()
    )
    resource = selectors.resource_get(pk=busiest.pk)

    def slots():
        return selectors.resource_slots(resource=resource, start=now, end=end, now=now)

    def hours_only():
        return availability.open_intervals(resource.hours, now, end)

    found = slots()  # warm-up: query plans, the parsed hours' code paths
    hours_only()
    times, base = [], []
    for _ in range(samples):
        started = time.perf_counter()
        slots()
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        hours_only()
        base.append(time.perf_counter() - started)
    what = (
        f"{resource.name} ({resource.place.nom}, capacity {resource.capacity}): "
        f"{busiest.coming} bookings, {len(found)} free slots"
    )
    return statistics.median(times), statistics.median(base), what


def _run_child(database: str, repeat: int, out: Path) -> None:
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        env = _environment(data_dir, POSTGRES_URL if database == "postgresql" else None)
        started = time.perf_counter()
        _manage("migrate", "--no-input", "-v", "0", env=env)
        _manage("demo", "--no-progress", env=env)  # loads all of France first
        print(f"[{label}] demo hub built in {time.perf_counter() - started:.0f} s", flush=True)
        os.environ.update(env)
        import django
        from django.db import connections

        django.setup()
        from maillage.booking.models import Booking

        slots_s, hours_s, what = _availability(20 * repeat)
        print(
            f"[{label}] availability over {AVAILABILITY_DAYS} days of {what}: median "
            f"{slots_s * 1000:.1f} ms; its hours alone {hours_s * 1000:.2f} ms",
            flush=True,
        )
        resource_sets = _load_resources(repeat)
        connections.close_all()
        server_errors = data_dir / "server-errors.txt"
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(CLIENTS)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=server_errors.open("w"),
            text=True,
        )
        rounds, bares = [], []
        try:
            port = int(server.stdout.readline())
            _fire(port, _bare_plans())  # warm-up of both paths
            _fire(port, _booking_plans(resource_sets[0], seed=0))
            for number, resources in enumerate(resource_sets[1:], start=1):
                bares.append(_fire(port, _bare_plans()))
                rounds.append(_fire(port, _booking_plans(resources, seed=number)))
        finally:
            server.terminate()
            server.wait(timeout=30)
        failures = Counter(
            line
            for line in server_errors.read_text(errors="replace").splitlines()
            if line and not line.startswith((" ", "Traceback", "The above", "During handling"))
        )
        double, checked = _double_bookings()
        measured_ids = [pk for resources in resource_sets[1:] for pk in resources]
        in_database = Booking.objects.filter(resource_id__in=measured_ids).count()
        connections.close_all()

    created = sum(r.statuses[201] for r in rounds)
    refused = sum(r.statuses[409] for r in rounds)
    unprocessable = sum(r.statuses[422] for r in rounds)
    lost = sum(r.lost for r in rounds)
    asked = sum(len(r.latencies) for r in rounds)
    rate = statistics.median(r.per_second for r in rounds)
    booked_rate = statistics.median(r.statuses[201] / r.seconds for r in rounds)
    p95 = statistics.median(r.p95 for r in rounds)
    bare_rate = statistics.median(r.per_second for r in bares)
    bare_p95 = statistics.median(r.p95 for r in bares)
    errors = sum((r.errors for r in rounds), Counter())
    rules = sum((r.rules for r in rounds), Counter())
    print(
        f"[{label}] POST {BOOKINGS_URL}, {CLIENTS} clients, {len(rounds)} round(s) of "
        f"{CLIENTS * REQUESTS_PER_CLIENT}: {rate:.0f} requests/s, {booked_rate:.0f} bookings/s, "
        f"p95 {p95 * 1000:.0f} ms (bare view: {bare_rate:.0f} requests/s, p95 "
        f"{bare_p95 * 1000:.0f} ms)\n"
        f"[{label}] answers: {created} × 201, {refused} × 409, {unprocessable} × 422, "
        f"{lost} lost of {asked}; rules {dict(rules)}; bookings in the database {in_database} "
        f"(201 answers {created}); double bookings {double} over {checked} active bookings",
        flush=True,
    )
    for error, count in errors.most_common(5):
        print(f"[{label}] lost: {count} × {error}", flush=True)
    other_statuses = Counter()
    for r in rounds:
        other_statuses.update({s: c for s, c in r.statuses.items() if s not in ANSWERS})
    if other_statuses:
        print(f"[{label}] other statuses: {dict(other_statuses)}", flush=True)
    for line, count in failures.most_common(5):
        print(f"[{label}] server error: {count} × {line[:300]}", flush=True)
    sound = double == 0 and lost == 0 and in_database == created
    rows: list[BenchRow] = [
        (
            f"availability, {AVAILABILITY_DAYS} days of 1 resource, {label}",
            slots_s,
            "its hours alone (no DB)",
            hours_s,
            "< 20 ms",
            slots_s < AVAILABILITY_TARGET_S,
        ),
        (
            f"POST bookings ×{CLIENTS}, {label}: {rate:.0f} req/s",
            1 / rate,
            f"bare view: {bare_rate:.0f} req/s",
            1 / bare_rate,
            "",
            None,
        ),
        (
            f"  p95; {created} × 201, {refused} × 409, {double} double, {lost} lost",
            p95,
            "bare view p95",
            bare_p95,
            "0 double, 0 lost",
            sound,
        ),
    ]
    out.write_text(json.dumps(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round, fewer samples")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child(args.child, args.repeat, args.out)
        return
    missed = False
    for name, median_s, baseline_name, baseline_s, target, met in bench_booking(
        1 if args.quick else 3
    ):
        verdict = "" if met is None else ("met" if met else "MISSED")
        missed |= met is False
        print(
            f"{name:<56} {median_s * 1000:>8.2f} ms  {baseline_name:<24} "
            f"{baseline_s * 1000:>8.2f} ms  {median_s / baseline_s:>7.2f}x  {target} {verdict}"
        )
    if missed:
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
