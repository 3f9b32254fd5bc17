"""The public directory, the territory and the coverage study: open to everybody; the
coverage runs (studies computed as tasks) for the hub's staff only."""

from maillage.coverage.services import coverage_run_start
from maillage.coverage.study import CoverageRequest
from tests.access.table import EVERYBODY, OTHER, OWN, PUBLIC, Row, expect
from tests.factories import OrganisationFactory

STAFF_ONLY_API = expect(200, anonymous=401, member=403)


def objects(world) -> None:
    # Created by an application for membership, not admitted yet: out of the public directory.
    world.extra["applicant_organisation"] = OrganisationFactory(
        name="Candidate du Comtat", listed=False
    )
    # Coverage runs: one the mediator started, one the coordinator did. Any staff member
    # reads any run (they belong to the team; no personal data in them).
    for name, role, radius in (
        ("coverage_run", "mediator", 15),
        ("other_coverage_run", "coordinator", 20),
    ):
        asked = CoverageRequest(radius_km=radius, departements=("84",))
        world.extra[name] = coverage_run_start(request=asked, actor=world.users[role])[0]


ROWS = [
    Row("GET", "web:home", "/", EVERYBODY),
    Row("GET", "web:commune-search", "/communes/recherche/?q=monteux", EVERYBODY),
    Row("GET", "web:commune", "/territoire/84080/", EVERYBODY),
    Row("GET", "web:commune", "/territoire/99999/", expect(404), note="unknown commune"),
    Row("GET", "web:places", "/lieux/?q=mediatheque", EVERYBODY),
    Row("GET", "web:place", lambda w: f"/lieux/{w.place.pk}/", EVERYBODY),
    Row("GET", "web:organisations", "/acteurs/", EVERYBODY),
    Row("GET", "web:organisation", lambda w: f"/acteurs/{w.organisation.pk}/", EVERYBODY),
    Row(
        "GET",
        "web:organisation",
        lambda w: f"/acteurs/{w.applicant_organisation.pk}/",
        expect(404, coordinator=200, admin=200),
        note="awaiting its admission as a member: the hub only (and its own people)",
    ),
    Row("GET", "web:coverage", "/territoire/couverture/?departements=84", EVERYBODY),
    Row("GET", "/api/v1/communes", "/api/v1/communes?q=monteux", EVERYBODY),
    Row("GET", "/api/v1/communes/{code}", "/api/v1/communes/84080", EVERYBODY, obj=PUBLIC),
    Row("GET", "/api/v1/places", "/api/v1/places?q=mediatheque&near=44.03,4.99", EVERYBODY),
    Row("GET", "/api/v1/places.geojson", "/api/v1/places.geojson?departement=84", EVERYBODY),
    Row(
        "GET",
        "/api/v1/places/{id}",
        lambda w: f"/api/v1/places/{w.place.pk}",
        EVERYBODY,
        obj=PUBLIC,
    ),
    Row("GET", "/api/v1/organisations", "/api/v1/organisations?q=monteux", EVERYBODY),
    Row(
        "GET",
        "/api/v1/organisations/{id}",
        lambda w: f"/api/v1/organisations/{w.organisation.pk}",
        EVERYBODY,
        obj=PUBLIC,
    ),
    Row(
        "GET",
        "/api/v1/organisations/{id}",
        lambda w: f"/api/v1/organisations/{w.applicant_organisation.pk}",
        expect(404, coordinator=200, admin=200),
        note="awaiting its admission as a member: the hub only (and its own people)",
        obj=PUBLIC,
    ),
    Row("GET", "/api/v1/coverage", "/api/v1/coverage?departements=84&radius_km=10", EVERYBODY),
    Row(
        "GET",
        "/api/v1/coverage",
        "/api/v1/coverage?departements=84&radius_km=10&new_sites=51",
        expect(422),
        note="beyond the public bounds",
    ),
    # Coverage runs: the hub's staff only (a member is refused after the body is read).
    Row(
        "POST",
        "/api/v1/coverage/runs",
        "/api/v1/coverage/runs",
        expect(202, anonymous=401, member=403),
        data={"departements": "84", "radius_km": 10},
    ),
    Row(
        "POST",
        "/api/v1/coverage/runs",
        "/api/v1/coverage/runs",
        expect(422, anonymous=401),
        note="no body",
    ),
    Row(
        "POST",
        "/api/v1/coverage/runs",
        "/api/v1/coverage/runs",
        expect(422, anonymous=401),
        data={"departements": "84", "radius_km": 10, "new_sites": 2001},
        note="beyond the bounds",
    ),
    Row(
        "GET",
        "/api/v1/coverage/runs/{run_id}",
        lambda w: f"/api/v1/coverage/runs/{w.coverage_run.pk}",
        STAFF_ONLY_API,
        obj=OWN,
        note="a run the mediator started",
    ),
    Row(
        "GET",
        "/api/v1/coverage/runs/{run_id}",
        lambda w: f"/api/v1/coverage/runs/{w.other_coverage_run.pk}",
        STAFF_ONLY_API,
        obj=OTHER,
        note="a run the coordinator started",
    ),
    Row(
        "GET",
        "/api/v1/coverage/runs/{run_id}",
        "/api/v1/coverage/runs/00000000-0000-0000-0000-000000004242",
        expect(404, anonymous=401, member=403),
        note="no such run",
    ),
]
