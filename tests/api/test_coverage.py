import dataclasses
import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from maillage.accounts.tokens import api_token_create
from maillage.api import coverage as coverage_api
from maillage.coverage import limits, tasks
from maillage.coverage.models import CoverageRun
from maillage.coverage.services import RUNS_IN_FLIGHT_MAX, coverage_run_create
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/coverage/runs"


@pytest.fixture(autouse=True)
def places():
    PlaceFactory(nom="EPN Monteux", tags={"hub_kind": ["epn"]})


def key_of(role: str) -> dict[str, str]:
    _token, secret = api_token_create(user=UserFactory(roles=[role]), name="script")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def staff():
    return key_of("mediator")


def post_run(client, body: dict, headers: dict | None = None):
    return client.post(RUNS, body, content_type="application/json", headers=headers or {})


def fields_of(body: dict) -> list[str]:
    if isinstance(body["detail"], list):
        return [item["field"] for item in body["detail"]]
    return [body["field"]]


# GET /coverage: open to everybody, bounded.


def test_coverage_json_and_downloads(client):
    response = client.get(
        "/api/v1/coverage", {"departements": "84", "kinds": "epn", "radius_km": 10, "new_sites": 2}
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["recommended_sites"]) == 2 and body["gap_pct"] is not None
    csv = client.get("/api/v1/coverage", {"departements": "84", "radius_km": 10, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and b"nearest_km" in csv.content
    geojson = client.get(
        "/api/v1/coverage", {"departements": "84", "radius_km": 10, "format": "geojson"}
    )
    assert geojson.json()["type"] == "FeatureCollection"


TWENTY_ONE = ",".join(f"{n:02d}" for n in [*range(1, 20), 21, 22])  # 21 départements


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"departements": "99", "radius_km": 10}, "departements"),
        ({"departements": "84", "radius_km": 0}, "radius_km"),
        ({"departements": "84", "radius_km": 10, "kinds": "cyberbase"}, "kinds"),
        ({"radius_km": 10}, "area"),
        # The public bounds.
        ({"departements": "84", "radius_km": 10, "new_sites": 51}, "new_sites"),
        ({"departements": "84", "radius_km": 31}, "radius_km"),
        ({"departements": TWENTY_ONE, "radius_km": 10}, "departements"),
        # 593 town halls × 593 communes: above the 250,000 of the public exact solve.
        ({"departements": "84,13,42", "radius_km": 10, "new_sites": 5, "exact": "true"}, "exact"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, params, field):
    response = client.get("/api/v1/coverage", params)
    assert response.status_code == 422
    assert field in fields_of(response.json())


def test_new_sites_only_on_areas_small_enough(client, monkeypatch):
    # Vaucluse's 151 communes over a limit of 100, as France's 34,846 over the real 6,000.
    monkeypatch.setattr(
        coverage_api, "PUBLIC", dataclasses.replace(limits.PUBLIC, max_communes_for_sites=100)
    )
    asked = {"departements": "84", "radius_km": 10}
    response = client.get("/api/v1/coverage", {**asked, "new_sites": 3})
    assert response.status_code == 422 and response.json()["field"] == "new_sites"
    assert "at most 100 inhabited communes" in response.json()["detail"]
    response = client.get("/api/v1/coverage", {**asked, "cover_all": "true"})
    assert response.status_code == 422 and response.json()["field"] == "cover_all"
    assert client.get("/api/v1/coverage", asked).status_code == 200  # no new sites: fine


def test_a_public_study_stops_at_its_time_limit_with_the_best_sites_found(client, monkeypatch):
    monkeypatch.setattr(
        coverage_api, "PUBLIC", dataclasses.replace(limits.PUBLIC, time_limit_s=1e-9)
    )
    body = client.get(
        "/api/v1/coverage",
        {"departements": "84", "radius_km": 10, "new_sites": 5, "exact": "true"},
    ).json()
    assert body["status"] == "time_limit"
    assert len(body["recommended_sites"]) == 5
    added = body["population_covered_after"] - body["population_covered"]
    assert added <= body["upper_bound"] + 1


def test_the_bounds_are_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/coverage"]["get"]
    parameters = {item["name"]: item["schema"] for item in operation["parameters"]}
    assert parameters["new_sites"]["maximum"] == 50
    assert parameters["radius_km"]["maximum"] == 30
    assert "6,000 inhabited communes" in operation["description"]
    assert "250,000" in operation["description"]


# Runs: staff only.


def test_a_study_as_a_task_reports_its_progress_and_result(client, staff):
    started = post_run(
        client, {"departements": "84", "kinds": "epn", "radius_km": 10, "new_sites": 2}, staff
    )
    assert started.status_code == 202, started.content
    body = started.json()
    follow = client.get(body["status_url"].split("testserver")[1], headers=staff)
    run = follow.json()
    assert (run["status"], run["progress"]) == ("done", 100)
    assert len(run["result"]["recommended_sites"]) == 2


def test_only_the_staff_start_and_read_runs(client, staff):
    body = {"departements": "84", "kinds": "epn", "radius_km": 10}
    assert post_run(client, body).status_code == 401
    member = key_of("member")
    refused = post_run(client, body, member)
    assert refused.status_code == 403 and "staff" in refused.json()["detail"]
    assert not CoverageRun.objects.exists()
    run_id = post_run(client, body, staff).json()["id"]
    assert client.get(f"{RUNS}/{run_id}").status_code == 401
    assert client.get(f"{RUNS}/{run_id}", headers=member).status_code == 403
    # Any staff member reads any run.
    other = client.get(f"{RUNS}/{run_id}", headers=key_of("place_manager"))
    assert other.status_code == 200 and other.json()["id"] == run_id
    assert (
        client.get(f"{RUNS}/00000000-0000-0000-0000-000000000000", headers=staff).status_code == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"departements": "99", "radius_km": 10}, "departements"),
        ({"departements": "84", "radius_km": 31}, "radius_km"),
        ({"departements": "84", "radius_km": 10, "new_sites": 2001}, "new_sites"),
        ({"departements": TWENTY_ONE, "radius_km": 10}, "departements"),
    ],
)
def test_a_run_out_of_bounds_is_a_422_and_no_run(client, staff, body, field):
    response = post_run(client, body, staff)
    assert response.status_code == 422
    assert field in fields_of(response.json())
    assert not CoverageRun.objects.exists()


def test_a_run_exact_only_below_its_size(client, staff, monkeypatch):
    monkeypatch.setattr(coverage_api, "RUN", dataclasses.replace(limits.RUN, exact_max_size=10_000))
    body = {"departements": "84", "radius_km": 10, "new_sites": 3, "exact": True}
    response = post_run(client, body, staff)  # 151 × 151 > 10,000
    assert response.status_code == 422 and response.json()["field"] == "exact"
    assert post_run(client, {**body, "exact": False}, staff).status_code == 202


def test_a_run_stops_at_its_time_limit_with_the_best_sites_found(client, staff, monkeypatch):
    monkeypatch.setattr(limits, "RUN", dataclasses.replace(limits.RUN, time_limit_s=1e-9))
    body = {"departements": "84", "radius_km": 10, "new_sites": 4, "exact": True}
    run = post_run(client, body, staff).json()
    assert run["status"] == "done"
    assert run["result"]["status"] == "time_limit"
    assert len(run["result"]["recommended_sites"]) == 4


def test_a_crashing_study_ends_the_run_failed(client, staff, monkeypatch):
    def crash(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(tasks, "coverage_study", crash)
    run = post_run(client, {"departements": "84", "radius_km": 10}, staff).json()
    assert (run["status"], run["error"]) == ("failed", "the study failed: MemoryError")


def test_with_a_queue_the_run_is_queued_and_the_answer_immediate(client, staff):
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        response = post_run(client, {"departements": "84", "radius_km": 10}, staff)
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["result"]) == ("queued", None)


# The same study is never computed twice.


def test_an_identical_request_gets_the_run_already_done(client, staff, monkeypatch):
    computed = []
    real = tasks.coverage_study
    monkeypatch.setattr(
        tasks, "coverage_study", lambda *a, **k: computed.append(1) or real(*a, **k)
    )
    first = post_run(client, {"departements": "84,13", "kinds": "epn", "radius_km": 10,
                              "new_sites": 2}, staff)  # fmt: skip
    # The same study written another way, asked by another staff member.
    again = post_run(client, {"departements": " 13,84,84", "kinds": "epn", "radius_km": 10.0,
                              "new_sites": 2}, key_of("coordinator"))  # fmt: skip
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "done"
    assert len(computed) == 1 and CoverageRun.objects.count() == 1
    assert again.json()["parameters"]["departements"] == ["13", "84"]
    # Other parameters: another run.
    other = post_run(client, {"departements": "84,13", "kinds": "epn", "radius_km": 10,
                              "new_sites": 3}, staff)  # fmt: skip
    assert other.status_code == 202 and other.json()["id"] != first.json()["id"]


def test_an_identical_request_gets_the_run_in_flight(client, staff):
    queued = coverage_run_create(params={"radius_km": 10, "departements": ["84"]})
    response = post_run(client, {"departements": "84", "radius_km": 10}, staff)
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (str(queued.pk), "queued")
    assert CoverageRun.objects.count() == 1


def test_failed_and_day_old_runs_are_not_reused(client, staff):
    body = {"departements": "84", "radius_km": 10}
    first = post_run(client, body, staff).json()
    CoverageRun.objects.filter(pk=first["id"]).update(
        finished_at=timezone.now() - dt.timedelta(hours=25)
    )
    second = post_run(client, body, staff)
    assert second.status_code == 202 and second.json()["id"] != first["id"]
    CoverageRun.objects.filter(pk=second.json()["id"]).update(status=CoverageRun.Status.FAILED)
    third = post_run(client, body, staff)
    assert third.status_code == 202 and third.json()["id"] not in (first["id"], second.json()["id"])


def test_too_many_runs_in_flight_is_a_429(client, staff):
    for radius in range(1, RUNS_IN_FLIGHT_MAX + 1):
        coverage_run_create(params={"radius_km": radius, "departements": ["84"]})
    response = post_run(client, {"departements": "13", "radius_km": 10}, staff)
    assert response.status_code == 429 and response.json()["rule"] == "busy"
    # A run abandoned by its worker an hour ago no longer counts.
    CoverageRun.objects.filter(params__radius_km=1).update(
        created_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert post_run(client, {"departements": "13", "radius_km": 10}, staff).status_code == 202
    assert CoverageRun.objects.get(params__radius_km=1).status == "failed"
