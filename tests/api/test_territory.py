import pytest

pytestmark = pytest.mark.django_db


def test_monteux_by_code(client):
    response = client.get("/api/v1/communes/84080")
    assert response.status_code == 200
    body = response.json()
    assert body["nom"] == "Monteux" and body["population"] == 12909
    assert body["departement"] == "84" and body["region"] == "93"
    assert body["epci_nom"] == "Communauté d'agglomération des Sorgues du Comtat"
    assert body["latitude"] == pytest.approx(44.034, abs=1e-3)
    assert body["longitude"] == pytest.approx(4.995, abs=1e-3)


def test_an_unknown_code_is_a_json_404(client):
    response = client.get("/api/v1/communes/84999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "No commune has the INSEE code '84999'."}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/communes/8408", "code"),
        ("/api/v1/communes?departement=Vaucluse", "departement"),
        ("/api/v1/communes?limit=0", "limit"),
        ("/api/v1/communes?q=" + "x" * 101, "q"),
        # Security review: an offset past SQLite's integers was a 500.
        ("/api/v1/communes?offset=99999999999999999999999", "offset"),
        ("/api/v1/communes?offset=1000001", "offset"),
    ],
)
def test_a_malformed_query_is_a_422_naming_the_field(client, url, field):
    response = client.get(url)
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert [problem["field"] for problem in problems] == [field]
    assert problems[0]["msg"]


def test_search_by_name_and_departement(client):
    response = client.get("/api/v1/communes", {"q": "saint etienne"})
    body = response.json()
    assert body["items"][0]["nom"] == "Saint-Étienne"
    assert set(body["items"][0]) == {
        "code",
        "nom",
        "population",
        "departement",
        "epci",
        "latitude",
        "longitude",
    }
    response = client.get("/api/v1/communes", {"departement": "84", "limit": 500})
    assert response.json()["count"] == 151
    assert {item["departement"] for item in response.json()["items"]} == {"84"}


def test_an_unknown_departement_is_a_404(client):
    response = client.get("/api/v1/communes", {"departement": "99"})
    assert response.status_code == 404
    assert "99" in response.json()["detail"]
    # Security review: the 404 was not documented.
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/communes"]["get"]
    assert "404" in operation["responses"] and "404" in operation["description"]
    offset = {p["name"]: p["schema"] for p in operation["parameters"]}["offset"]
    assert (offset["minimum"], offset["maximum"]) == (0, 1_000_000)


def test_openapi_describes_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["version"] == "1"
    assert {"/api/v1/communes", "/api/v1/communes/{code}"} <= set(spec["paths"])
