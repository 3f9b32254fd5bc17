"""The API tells the truth about itself.

The OpenAPI document is valid (openapi-spec-validator), names each schema once, bounds every
value a client sends, and a maintained fuzzer (schemathesis) finds no 500 and no answer whose
status, content type or body the document does not describe — anonymously and with a
coordinator's personal key, on the database the suite runs on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import validate
from pydantic import BaseModel
from schemathesis.specs.openapi.checks import positive_data_acceptance

from maillage.accounts.tokens import api_token_create
from maillage.api.api import api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Known limits of the document: some rules span several fields or need the data, and cannot
# be written in a schema — `radius_km` needs `near`; `to` after `from` (availability: at most
# 62 days; statistics: at most five years); a booking's `end` after its `start` and inside the
# resource's hours; collective fields only for workshops; a cheque number's check digit; a
# cursor must be one the API returned; ids of places, sessions, themes or questions that exist;
# every question of the diagnostic answered. Values that fit the schema and break them are
# refused with a documented `RefusalOut` naming the rule and the field (or 404/409). What the
# document may never do is call values valid that the API then refuses as breaking their
# schema (`InvalidOut`): that is what `_valid_values_are_not_refused_as_invalid` checks, in
# place of schemathesis's blunter "valid data is accepted".


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/api/v1/")


def test_the_document_is_valid_openapi(document):
    validate(json.loads(json.dumps(document)))  # as served: status codes are strings


def _models_of(annotation: Any, seen: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_of(field.annotation, seen)
    for argument in getattr(annotation, "__args__", ()) or ():
        _models_of(argument, seen)


def test_each_schema_name_stands_for_one_schema():
    """ninja names a component after its class: two classes of one name would be documented
    as one, and one of them would lie."""
    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models_of(model, seen)
                for response in operation.response_models.values():
                    if response is not None and hasattr(response, "model_fields"):
                        _models_of(response.model_fields["response"].annotation, seen)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in seen:
        if model.__module__.startswith("maillage."):
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(places) for name, places in by_name.items() if len(places) > 1}
    assert not shared, f"schema names used by several classes: {shared}"


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _unbounded(document: dict, schema: dict, where: str, found: list[str], depth=0) -> None:
    schema = _resolve(document, schema)
    if depth > 8:
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            _unbounded(document, part, where, found, depth + 1)
    kind = schema.get("type")
    if kind == "integer" and ("minimum" not in schema or "maximum" not in schema):
        found.append(f"{where}: integer without minimum and maximum")
    if (
        kind == "string"
        and "maxLength" not in schema
        and "enum" not in schema
        and "format" not in schema
        and "pattern" not in schema
    ):
        found.append(f"{where}: string without maxLength")
    if kind == "array" and "items" in schema:
        if "maxItems" not in schema:
            found.append(f"{where}: array without maxItems")
        _unbounded(document, schema["items"], f"{where}[]", found, depth + 1)
    for name, sub in schema.get("properties", {}).items():
        _unbounded(document, sub, f"{where}.{name}", found, depth + 1)


def test_every_value_a_client_sends_has_bounds(document):
    found: list[str] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                _unbounded(document, parameter["schema"], f"{where} {parameter['name']}", found)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                _unbounded(document, body["schema"], f"{where} body", found)
    assert not found, "unbounded inputs:\n" + "\n".join(found)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _wsgi_site(settings):
    """schemathesis's WSGI client calls the site `localhost`; as Django's test client does,
    requests keep the test's database connection open (it holds the test's transaction)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Long work is queued, not run: the contract of `POST /coverage/runs` is its answer, and
    # a staff run may compute for a minute.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_key(db) -> str:
    user = UserFactory(roles=["coordinator"])
    return api_token_create(user=user, name="fuzz")[1]


def _valid_values_are_not_refused_as_invalid(ctx, response, case) -> None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return
    problems = response.json().get("detail")
    if isinstance(problems, list):
        # NUL bytes: no JSON schema keyword says "any text but U+0000".
        broken = [p for p in problems if p.get("type") != "nul_byte"]
        if broken:
            raise AssertionError(f"values the document calls valid refused as invalid: {broken}")


def _call_and_validate(case, headers: dict[str, str]) -> None:
    # schemathesis's WSGI client asks for gzip but does not decompress it.
    headers = {"Accept-Encoding": "identity", **headers}
    case.call_and_validate(
        headers=headers,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[_valid_values_are_not_refused_as_invalid],
    )


@schema.parametrize()
@FUZZ
def test_fuzz_anonymous_answers_as_documented(case):
    _call_and_validate(case, {})


@schema.parametrize()
@FUZZ
def test_fuzz_with_a_coordinators_key_answers_as_documented(case, coordinator_key):
    _call_and_validate(case, {"Authorization": f"Bearer {coordinator_key}"})


def _unsafe_operations_needing_somebody(document) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"post", "put", "patch", "delete"} and operation.get("security")
    ]


def test_session_writes_without_the_csrf_token_are_refused(document):
    """A foreign page can make a browser send the session cookie, never the CSRF token: every
    write that needs somebody answers 403 to a session without it, whatever the body."""
    from django.test import Client

    operations = _unsafe_operations_needing_somebody(document)
    assert operations, "no write needs somebody: the check would test nothing"
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(roles=["coordinator"]))
    for method, path in operations:
        # any id: the CSRF check comes first
        url = "/".join("1" if part.endswith("id}") else part for part in path.split("/"))
        response = client.generic(
            method, url, "{}", content_type="text/plain", HTTP_ORIGIN="https://evil.example"
        )
        assert response.status_code == 403, (method, path, response.status_code)
        assert "CSRF" in response.json()["detail"], (method, path)


def test_anonymous_calls_to_what_needs_somebody_get_401(document, client):
    """Documented as 401, not the CSRF check's 403: nobody is logged in to protect."""
    operations = _unsafe_operations_needing_somebody(document)
    for method, path in operations:
        url = "/".join("1" if part.endswith("id}") else part for part in path.split("/"))
        response = client.generic(method, url, "{}", content_type="application/json")
        assert response.status_code == 401, (method, path, response.status_code)
