"""Every page and every API endpoint × every role → the status the table expects.

The rows live in `tests/access/<capability>.py`. A page or endpoint that the site serves
without a row fails `test_every_page_and_endpoint_has_a_row`; a row whose page is gone fails
it too. Each row is asked by every role, each request rolled back so that one role's POST
does not change what the next one sees.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from maillage.api.api import api
from maillage.web.urls import urlpatterns as web_urlpatterns
from tests.access import (
    accompaniment,
    account,
    accounts,
    booking,
    cheques,
    diagnostic,
    directory,
    mediation,
    members,
    programme,
)
from tests.access.table import ANONYMOUS, OTHER, OWN, PUBLIC, ROLES
from tests.access.world import build_world

pytestmark = pytest.mark.django_db

AREAS = [
    directory,
    booking,
    programme,
    accounts,
    members,
    account,
    mediation,
    diagnostic,
    accompaniment,
    cheques,
]
ROWS = [row for area in AREAS for row in area.ROWS]


def _served() -> set[str]:
    pages = {f"web:{pattern.name}" for pattern in web_urlpatterns}
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return pages | {"admin"} | set(schema["paths"])


def test_every_page_and_endpoint_has_a_row():
    listed = {row.route for row in ROWS}
    served = _served()
    assert not served - listed, f"pages or endpoints without a row: {sorted(served - listed)}"
    assert not listed - served, f"rows of pages or endpoints not served: {sorted(listed - served)}"


def test_every_api_method_has_a_row():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    listed = {(row.method, row.route) for row in ROWS if row.route.startswith("/api/")}
    assert operations == listed


def test_every_api_endpoint_taking_an_id_has_object_rows():
    """An endpoint that acts on one object is asked with an object of the caller's own and
    with another's (or declared public), so that an endpoint without its object rule fails."""
    by_operation: dict[tuple[str, str], set[str]] = {}
    for row in ROWS:
        if row.route.startswith("/api/") and "{" in row.route:
            by_operation.setdefault((row.method, row.route), set()).add(row.obj)
    missing = sorted(
        f"{method} {route}"
        for (method, route), objects in by_operation.items()
        if not ({OWN, OTHER} <= objects or PUBLIC in objects)
    )
    assert not missing, f"endpoints taking an id without own/other (or public) rows: {missing}"


def _ask(client, row, world):
    url = row.url(world) if callable(row.url) else row.url
    data = row.data(world) if callable(row.data) else row.data
    if row.method == "GET":
        return client.get(url, data or {})
    if url.startswith("/api/"):  # API bodies are JSON
        if data is None:
            return client.generic(row.method, url)
        return client.generic(row.method, url, json.dumps(data), content_type="application/json")
    return client.generic(row.method, url) if data is None else client.post(url, data)


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{row.method} {row.route} {row.note}".strip() for row in ROWS]
)
def test_each_role_gets_what_the_table_says(client, row):
    world = build_world([area.objects for area in AREAS])
    answered = {}
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(world.users[role])
        with transaction.atomic():
            answered[role] = _ask(client, row, world).status_code
            transaction.set_rollback(True)
    assert answered == row.expected
