"""Every API endpoint × every role, in one table. A new endpoint without its row fails here."""

import pytest

from maillage.api.api import api
from maillage.booking.models import Resource
from maillage.core.permissions import Role
from maillage.coverage.models import CoverageRun
from maillage.programme.models import Category, Event
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *Role.values]
EVERYBODY = dict.fromkeys(ROLES, 200)

KNOWN_ID = 4242  # of the place and the organisation that `directory_objects` creates

# (method, path pattern as routed, concrete URL, expected status for each role)
ENDPOINTS = [
    ("GET", "/api/v1/communes", "/api/v1/communes?q=monteux", EVERYBODY),
    ("GET", "/api/v1/communes/{code}", "/api/v1/communes/84080", EVERYBODY),
    ("GET", "/api/v1/places", "/api/v1/places?q=mediatheque&near=44.03,4.99", EVERYBODY),
    ("GET", "/api/v1/places.geojson", "/api/v1/places.geojson?departement=84", EVERYBODY),
    ("GET", "/api/v1/places/{id}", f"/api/v1/places/{KNOWN_ID}", EVERYBODY),
    ("GET", "/api/v1/organisations", "/api/v1/organisations?q=monteux", EVERYBODY),
    ("GET", "/api/v1/organisations/{id}", f"/api/v1/organisations/{KNOWN_ID}", EVERYBODY),
    ("GET", "/api/v1/resources", "/api/v1/resources", EVERYBODY),
    (
        "GET",
        "/api/v1/resources/{resource_id}/availability",
        f"/api/v1/resources/{KNOWN_ID}/availability?from=2026-11-24T00:00:00%2B01:00&to=2026-11-25T00:00:00%2B01:00",
        EVERYBODY,
    ),
    ("GET", "/api/v1/coverage", "/api/v1/coverage?departements=84&radius_km=10", EVERYBODY),
    ("GET", "/api/v1/members", "/api/v1/members?status=active", EVERYBODY),
    ("GET", "/api/v1/members/figures", "/api/v1/members/figures?year=2026", EVERYBODY),
    ("POST", "/api/v1/coverage/runs", "/api/v1/coverage/runs", dict.fromkeys(ROLES, 422)),
    (
        "GET",
        "/api/v1/coverage/runs/{run_id}",
        "/api/v1/coverage/runs/00000000-0000-0000-0000-000000004242",
        EVERYBODY,
    ),
    # Without a body: everybody may try, and is told what is missing.
    ("POST", "/api/v1/bookings", "/api/v1/bookings", dict.fromkeys(ROLES, 422)),
    (
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        f"/api/v1/bookings/{KNOWN_ID}/cancel",
        dict.fromkeys(ROLES, 422),
    ),
    ("GET", "/api/v1/events", "/api/v1/events?category=mediation", EVERYBODY),
    ("GET", "/api/v1/events/{event_id}", f"/api/v1/events/{KNOWN_ID}", EVERYBODY),
    (
        "POST",
        "/api/v1/events/{event_id}/registrations",
        f"/api/v1/events/{KNOWN_ID}/registrations",
        dict.fromkeys(ROLES, 422),
    ),
    (
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        f"/api/v1/registrations/{KNOWN_ID}/cancel",
        dict.fromkeys(ROLES, 422),
    ),
]


def _served_operations():
    """(method, path) of every operation the API serves, as its OpenAPI schema lists them."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def test_the_table_lists_every_endpoint():
    assert _served_operations() == {(method, route) for method, route, _url, _expected in ENDPOINTS}


def _client_for(role, client):
    if role != "anonymous":
        client.force_login(UserFactory(roles=[role]))
    return client


@pytest.fixture
def directory_objects():
    organisation = OrganisationFactory(id=KNOWN_ID, name="Mairie de Monteux")
    place = PlaceFactory(id=KNOWN_ID, nom="Médiathèque de Monteux", operator=organisation)
    Resource.objects.create(id=KNOWN_ID, place=place, name="Salle", kind=Resource.Kind.ROOM)
    CoverageRun.objects.create(id="00000000-0000-0000-0000-000000004242", params={})
    Event.objects.create(
        id=KNOWN_ID, title="Atelier", category=Category.objects.get(slug="mediation"), place=place
    )


@pytest.mark.usefixtures("directory_objects")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "route", "url", "expected"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS]
)
def test_endpoint_answers_each_role_as_the_table_says(client, role, method, route, url, expected):
    response = _client_for(role, client).generic(method, url)
    assert response.status_code == expected[role], response.content
