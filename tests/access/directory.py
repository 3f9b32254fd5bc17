"""The public directory, the territory and the coverage study: open to everybody."""

from tests.access.table import EVERYBODY, Row, expect


def objects(world) -> None:
    pass


ROWS = [
    Row("GET", "web:home", "/", EVERYBODY),
    Row("GET", "web:commune-search", "/communes/recherche/?q=monteux", EVERYBODY),
    Row("GET", "web:commune", "/territoire/84080/", EVERYBODY),
    Row("GET", "web:commune", "/territoire/99999/", expect(404), note="unknown commune"),
    Row("GET", "web:places", "/lieux/?q=mediatheque", EVERYBODY),
    Row("GET", "web:place", lambda w: f"/lieux/{w.place.pk}/", EVERYBODY),
    Row("GET", "web:organisations", "/acteurs/", EVERYBODY),
    Row("GET", "web:organisation", lambda w: f"/acteurs/{w.organisation.pk}/", EVERYBODY),
    Row("GET", "web:coverage", "/territoire/couverture/?departements=84", EVERYBODY),
    Row("GET", "/api/v1/communes", "/api/v1/communes?q=monteux", EVERYBODY),
    Row("GET", "/api/v1/communes/{code}", "/api/v1/communes/84080", EVERYBODY),
    Row("GET", "/api/v1/places", "/api/v1/places?q=mediatheque&near=44.03,4.99", EVERYBODY),
    Row("GET", "/api/v1/places.geojson", "/api/v1/places.geojson?departement=84", EVERYBODY),
    Row("GET", "/api/v1/places/{id}", lambda w: f"/api/v1/places/{w.place.pk}", EVERYBODY),
    Row("GET", "/api/v1/organisations", "/api/v1/organisations?q=monteux", EVERYBODY),
    Row(
        "GET",
        "/api/v1/organisations/{id}",
        lambda w: f"/api/v1/organisations/{w.organisation.pk}",
        EVERYBODY,
    ),
    Row("GET", "/api/v1/coverage", "/api/v1/coverage?departements=84&radius_km=10", EVERYBODY),
    Row("POST", "/api/v1/coverage/runs", "/api/v1/coverage/runs", expect(422), note="no body"),
    Row(
        "GET",
        "/api/v1/coverage/runs/{run_id}",
        "/api/v1/coverage/runs/00000000-0000-0000-0000-000000004242",
        expect(404),
    ),
]
