"""Benchmark of mediation records with 200,000 activities, on SQLite and on PostgreSQL, each
on a scratch database of its own (`maillage migrate`, then the records written in bulk:
150 communes, 40 places, 60 mediators, 60,000 people, 200,000 activities over two years
with 1 to 3 themes each).

- The hub's statistics page, GET /mediation/statistiques/?portee=pole (the last 12 months:
  about 100,000 activities), server time in process (django.test.Client, production
  settings), median of repeated requests, against a bare Django view. Target: < 300 ms.
  Also measured, without target: the same page over the two years (all 200,000).
- Recording: the round trip of the one-minute form, POST /mediation/nouvelle/ (an
  individual session with a new person, answered by a redirect), median, against the same
  bare view. Target: < 100 ms. Also: the API's POST /api/v1/activities with a key.

PostgreSQL: BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/maillage_bench_mediation (never DATABASE_URL); the bench
drops and recreates that database (its name must contain "bench"). Without a server the
bench says so and leaves its rows out.

    .venv/bin/python bench/mediation.py [--quick] [--sqlite-only] [--records N]

`bench_mediation(repeat)` returns rows (name, median_s, baseline_name, baseline_s, target,
met) for bench/run.py's table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import booking as booking_bench  # noqa: E402  (bench/booking.py: environment, PostgreSQL)

BenchRow = tuple[str, float, str, float, str, bool | None]

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench_mediation"
)
RECORDS = 200_000
PEOPLE = 60_000
PAGE_TARGET_S = 0.300
ENTRY_TARGET_S = 0.100
BARE_URL = "/bench/bare/"
HUB_PAGE = "/mediation/statistiques/?portee=pole"
THEMES = ["prendre-en-main-materiel", "email", "navigation-internet", "securite-numerique",
          "sante", "banque-achats", "diagnostic-numerique", "insertion-professionnelle",
          "reseaux-sociaux", "bureautique", "intelligence-artificielle", "papiers-citoyennete",
          "social-sante", "argent-impots", "logement"]  # fmt: skip


def _median(client, method: str, url: str, samples: int, data=None, **headers) -> float:
    send = client.get if method == "GET" else client.post
    expected = {200, 201, 302}
    times = []
    for number in range(-1, samples):  # -1: the warm-up, as a server has its caches warm
        payload = data(number) if callable(data) else data
        started = time.perf_counter()
        response = send(url, payload, **headers) if payload is not None else send(url, **headers)
        if number >= 0:
            times.append(time.perf_counter() - started)
        if response.status_code not in expected:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]}")
    return statistics.median(times)


def _fill(records: int) -> dict:
    """Write the scratch hub in bulk; returns the ids the measures need."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from maillage.accounts.models import User
    from maillage.accounts.services import user_create
    from maillage.directory.models import Organisation, Place
    from maillage.mediation.models import ActivityTheme, Beneficiary, MediationActivity, Theme
    from maillage.mediation.services import themes_ensure
    from maillage.territory.models import Commune, Departement, Region

    rng = random.Random(200_000)
    themes_ensure()
    theme_ids = dict(Theme.objects.values_list("slug", "pk"))
    with transaction.atomic():
        region = Region.objects.create(code="93", nom="Provence-Alpes-Côte d'Azur")
        departement = Departement.objects.create(code="84", nom="Vaucluse", region=region)
        communes = Commune.objects.bulk_create(
            Commune(code=f"84{n:03d}", nom=f"Commune {n}", search_name=f"commune {n}",
                    population=rng.randint(200, 90_000), departement=departement,
                    latitude=43.7 + rng.random() * 0.6, longitude=4.7 + rng.random() * 0.8,
                    location_source="town_hall")
            for n in range(1, 151)
        )  # fmt: skip
        hub = Organisation.objects.create(name="Pôle", kind="association", is_hub=True)
        places = Place.objects.bulk_create(
            Place(source="bench", source_id=f"p{n}", pivot="13002526500013", nom=f"Lieu {n}",
                  operator=hub, commune=communes[n], commune_nom=communes[n].nom,
                  code_postal="84000", adresse="1 place de la Mairie",
                  latitude=communes[n].latitude, longitude=communes[n].longitude,
                  date_maj=dt.date(2026, 1, 1))
            for n in range(40)
        )  # fmt: skip
        mediators = User.objects.bulk_create(
            User(email=f"mediateur{n}@bench.invalid", full_name=f"Médiateur {n}") for n in range(60)
        )
    # The big tables by executemany, ids given: bulk_create spends ~100 µs a row in the
    # ORM, far more than the database takes.
    now = dt.datetime.now(dt.UTC)
    person_rows = [(pk, rng.choice(communes).code) for pk in range(1, PEOPLE + 1)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Beneficiary._meta.db_table} (id, created_at, updated_at, first_name, "
            "age_band, gender, social_status, commune_id, created_by_id, is_demo) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (pk, now, now, "", rng.choice(["70+", "60-69", "40-59", "25-39", ""]),
                 rng.choice(["female", "male", ""]), "", code, rng.choice(mediators).pk, False)
                for pk, code in person_rows
            ],
        )  # fmt: skip
    today = dt.date.today()
    columns = ["id", "created_at", "updated_at", "kind", "date", "duration_minutes",
               "mediator_id", "place_kind", "place_id", "location_commune_id",
               "people_commune_id", "used_computer", "used_phone", "used_tablet", "used_other",
               "beneficiary_id", "autonomy", "referred", "referral_text", "title", "level",
               "participant_count", "is_demo"]  # fmt: skip
    insert_activity = (
        f"INSERT INTO {MediationActivity._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    insert_theme = (
        f"INSERT INTO {ActivityTheme._meta.db_table} "
        "(activity_id, theme_id, date, mediator_id, place_id) VALUES (%s, %s, %s, %s, %s)"
    )
    mediator_ids = [m.pk for m in mediators]
    written = 0
    while written < records:
        batch, links = [], []
        for pk in range(written + 1, min(written + 20_000, records) + 1):
            kind = rng.choices(["individual", "procedure", "collective"], [62, 22, 16])[0]
            place = rng.choice(places)
            person = (
                rng.choice(person_rows) if kind != "collective" and rng.random() < 0.8 else None
            )
            day = today - dt.timedelta(days=rng.randint(0, 729))
            mediator_id = rng.choice(mediator_ids)
            batch.append((
                pk, now, now, kind, day, rng.choice([15, 30, 45, 60, 90, 120]), mediator_id,
                "place", place.pk, place.commune_id, person[1] if person else place.commune_id,
                False, rng.random() < 0.5, False, False, person[0] if person else None,
                "" if kind == "collective" else rng.choice(
                    ["", "accompanied", "partial", "autonomous"]),
                rng.random() < 0.08, "", "Atelier" if kind == "collective" else "", "",
                rng.randint(3, 12) if kind == "collective" else 1, False,
            ))  # fmt: skip
            for slug in rng.sample(THEMES, rng.choice([1, 1, 2, 2, 3])):
                links.append((pk, theme_ids[slug], day, mediator_id, place.pk))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert_activity, batch)
            cursor.executemany(insert_theme, links)
        written += len(batch)
    with connection.cursor() as cursor:  # the next ids after those given
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [MediationActivity, Beneficiary]
        ):
            cursor.execute(statement)
    coordinator = user_create(email="coordination@bench.invalid", password="bench-password-42",
                              roles=["coordinator"], check_password=False)  # fmt: skip
    mediator = user_create(email="sam@bench.invalid", password="bench-password-42",
                           roles=["mediator"], check_password=False)  # fmt: skip
    with connection.cursor() as cursor:  # statistics for the planner, as a live base has
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return {"coordinator": coordinator.pk, "mediator": mediator.pk, "place": places[0].pk,
            "themes": ActivityTheme.objects.count()}  # fmt: skip


def _measure(repeat: int, records: int) -> dict:
    import django

    django.setup()
    from django.test import Client

    from maillage.accounts.models import User
    from maillage.accounts.tokens import api_token_create

    started = time.perf_counter()
    ids = _fill(records)
    filled = time.perf_counter() - started
    samples = 10 * repeat
    client = Client()
    bare = _median(client, "GET", BARE_URL, samples)
    client.force_login(User.objects.get(pk=ids["coordinator"]))
    page = _median(client, "GET", HUB_PAGE, samples)
    today = dt.date.today()
    everything = _median(
        client, "GET",
        f"{HUB_PAGE}&du={(today - dt.timedelta(days=729)).isoformat()}&au={today.isoformat()}",
        max(3, samples // 2),
    )  # fmt: skip
    mediator = User.objects.get(pk=ids["mediator"])
    client.force_login(mediator)
    form_page = _median(client, "GET", "/mediation/nouvelle/", samples)

    def entry(number: int) -> dict:
        return {
            "kind": "individual", "date": today.isoformat(), "duration": "30",
            "place_kind": "place", "place": str(ids["place"]), "themes": ["email", "sante"],
            "beneficiary": "new", "new_age_band": "70+", "new_gender": "female",
            "autonomy": "partial",
        }  # fmt: skip

    post = _median(client, "POST", "/mediation/nouvelle/", samples, data=entry)
    _token, key = api_token_create(user=mediator, name="bench")
    body = json.dumps({"kind": "individual", "date": today.isoformat(), "duration_minutes": 30,
                       "place_kind": "place", "place": ids["place"], "themes": ["email"]})  # fmt: skip
    client.logout()
    api = _median(
        client, "POST", "/api/v1/activities", samples, data=lambda n: body,
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip
    return {"bare": bare, "page": page, "everything": everything, "form": form_page,
            "post": post, "api": api, "filled": filled, "themes": ids["themes"]}  # fmt: skip


def _run_child(database: str, repeat: int, records: int, out: Path) -> None:
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    with tempfile.TemporaryDirectory() as folder:
        env = booking_bench._environment(
            Path(folder), POSTGRES_URL if database == "postgresql" else None
        )
        booking_bench._manage("migrate", "--no-input", "-v", "0", env=env)
        os.environ.update(env)
        measured = _measure(repeat, records)
        from django.db import connections

        connections.close_all()
    print(
        f"[{label}] {records:,} activities and {measured['themes']:,} theme links written in "
        f"{measured['filled']:.0f} s; GET /mediation/nouvelle/ {measured['form'] * 1000:.1f} ms; "
        f"POST /api/v1/activities {measured['api'] * 1000:.1f} ms",
        flush=True,
    )
    bare = measured["bare"]
    rows: list[BenchRow] = [
        (f"mediation: hub statistics, 12 months, {label}", measured["page"], "bare Django view",
         bare, "< 300 ms", measured["page"] < PAGE_TARGET_S),
        (f"mediation: hub statistics, 2 years, {label}", measured["everything"],
         "bare Django view", bare, "", None),
        (f"mediation: POST /mediation/nouvelle/, {label}", measured["post"], "bare Django view",
         bare, "< 100 ms", measured["post"] < ENTRY_TARGET_S),
        (f"mediation: POST /api/v1/activities, {label}", measured["api"], "bare Django view",
         bare, "", None),
    ]  # fmt: skip
    out.write_text(json.dumps(rows))


def bench_mediation(
    repeat: int, *, postgres: bool = True, records: int = RECORDS
) -> list[BenchRow]:
    return booking_bench.on_both_databases(
        "mediation",
        POSTGRES_URL,
        lambda database: booking_bench.measure_in_child(
            __file__, database, repeat, "--records", str(records)
        ),
        postgres=postgres,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--records", type=int, default=RECORDS, help="activities written")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child(args.child, args.repeat, args.records, args.out)
        return
    missed = False
    rows = bench_mediation(
        1 if args.quick else 3, postgres=not args.sqlite_only, records=args.records
    )
    for name, median_s, baseline_name, baseline_s, target, met in rows:
        verdict = "" if met is None else ("met" if met else "MISSED")
        missed |= met is False
        print(
            f"{name:<52} {median_s * 1000:>8.1f} ms  {baseline_name:<18} "
            f"{baseline_s * 1000:>6.2f} ms  {median_s / baseline_s:>7.1f}x  {target} {verdict}"
        )
    if missed:
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
