"""Every API endpoint × every role, in one table. A new endpoint without its row fails here."""

import pytest

from maillage.api.api import api
from maillage.core.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *Role.values]
EVERYBODY = dict.fromkeys(ROLES, 200)

# (method, path pattern as routed, concrete URL, expected status for each role)
ENDPOINTS = [
    ("GET", "/api/v1/communes", "/api/v1/communes?q=monteux", EVERYBODY),
    ("GET", "/api/v1/communes/{code}", "/api/v1/communes/84080", EVERYBODY),
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "route", "url", "expected"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS]
)
def test_endpoint_answers_each_role_as_the_table_says(client, role, method, route, url, expected):
    response = _client_for(role, client).generic(method, url)
    assert response.status_code == expected[role], response.content
