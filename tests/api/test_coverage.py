import pytest

from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def places():
    PlaceFactory(nom="EPN Monteux", tags={"hub_kind": ["epn"]})


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


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"departements": "99", "radius_km": 10}, "departements"),
        ({"departements": "84", "radius_km": 0}, "radius_km"),
        ({"departements": "84", "radius_km": 10, "kinds": "cyberbase"}, "kinds"),
        ({"radius_km": 10}, "area"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, params, field):
    response = client.get("/api/v1/coverage", params)
    assert response.status_code == 422
    body = response.json()
    fields = (
        [item["field"] for item in body["detail"]]
        if isinstance(body["detail"], list)
        else [body["field"]]
    )
    assert field in fields


def test_a_study_as_a_task_reports_its_progress_and_result(client):
    started = client.post(
        "/api/v1/coverage/runs",
        {"departements": "84", "kinds": "epn", "radius_km": 10, "new_sites": 2},
        content_type="application/json",
    )
    assert started.status_code == 202, started.content
    body = started.json()
    follow = client.get(body["status_url"].split("testserver")[1])
    run = follow.json()
    assert (run["status"], run["progress"]) == ("done", 100)
    assert len(run["result"]["recommended_sites"]) == 2


def test_a_failing_task_names_the_parameter(client):
    started = client.post(
        "/api/v1/coverage/runs",
        {"departements": "99", "radius_km": 10},
        content_type="application/json",
    )
    run = started.json()
    assert (run["status"], run["error_field"]) == ("failed", "departements")
    assert (
        client.get("/api/v1/coverage/runs/00000000-0000-0000-0000-000000000000").status_code == 404
    )
