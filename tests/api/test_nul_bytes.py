"""NUL bytes are refused with a 422 naming the field, before any endpoint runs."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_query_is_refused_naming_the_parameter(client):
    response = client.get("/api/v1/communes", {"q": "Mon\x00teux"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "q"


def test_a_nul_byte_deep_in_a_json_body_is_refused_naming_its_path(client):
    body = {"resource": 1, "guest_name": "Léa", "extra": [{"note": "a\x00b"}]}
    response = client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "extra.0.note"


def test_a_nul_byte_in_the_path_is_refused(client):
    response = client.get("/api/v1/communes/84%00")
    assert response.status_code == 422


def test_pages_are_not_concerned(client):
    response = client.get("/lieux/", {"q": "a\x00b"})
    assert response.status_code != 422
