"""The JSON API under /api/v1/, one router per domain, OpenAPI at /api/v1/openapi.json."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.operation import Operation
from ninja.params.models import BodyModel

from maillage.api import (
    accompaniment,
    booking,
    cheques,
    coverage,
    diagnostic,
    directory,
    mediation,
    members,
    programme,
    territory,
)
from maillage.api.auth import SAFE_METHODS, SessionAuth
from maillage.api.schemas import ErrorOut, InvalidOut

api = NinjaAPI(
    title="Maillage API",
    version="1",
    description=(
        "Public data of a territorial digital cooperation hub: the territory of France, and "
        "the directory of places of digital mediation and organisations. Lists of places and "
        "organisations are paginated by cursor (`next_cursor` → `cursor`). Errors are JSON "
        'bodies `{"detail": ...}`: a 422 either lists each problem of the values sent with its '
        "`field` and the rule broken (`msg`), or names the hub's rule (`rule`) and the `field` "
        "at fault. Endpoints acting for a person take a personal key (`Authorization: Bearer "
        "mlg_…`, made on the account page) or the site's session, whose writes need the "
        "`X-CSRFToken` header."
    ),
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", territory.router)
api.add_router("/", directory.router)
api.add_router("/", booking.router)
api.add_router("/", coverage.router)
api.add_router("/", programme.router)
api.add_router("/", members.router)
api.add_router("/", mediation.router)
api.add_router("/", diagnostic.router)
api.add_router("/", accompaniment.router)
api.add_router("/", cheques.router)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError):
    """422 with, for each problem, the field (`loc`, `field`) and the rule broken (`msg`)."""
    details = [{**error, "field": _field_of(error.get("loc", []))} for error in exc.errors]
    return api.create_response(request, {"detail": details}, status=422)


def _field_of(location) -> str | None:
    """The input at fault: `near` for ("query", "near"), `start` for ("body", "data",
    "start") — the body's parameter name is ours, not the client's."""
    parts = [str(part) for part in location]
    parts = parts[2:] if parts[:1] == ["body"] and len(parts) > 2 else parts[1:]
    return ".".join(parts) or None


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    body = {"detail": str(exc)}
    if hasattr(exc, "rule"):  # a rule of the domain, with the input at fault
        body.update(rule=exc.rule, field=exc.field)
    return api.create_response(request, body, status=exc.status_code)


def _document_common_answers(operation: Operation) -> None:
    """Add to an operation's documented answers those that the API gives around it: 422 for
    values that break their schema, 400 for a body that is not JSON, 401 for an endpoint that
    needs somebody, 403 when its session write lacks the CSRF token."""
    answers = operation.response_models
    takes_values = any(model.model_fields for model in operation.models)

    def document(status: int, schema: Any) -> None:
        if status not in answers:
            answers[status] = operation._create_response_model(schema)

    if takes_values:
        declared = answers.get(422)
        if declared is None:
            document(422, InvalidOut)
        else:
            refusal = declared.model_fields["response"].annotation
            if refusal is not InvalidOut:
                answers[422] = operation._create_response_model(refusal | InvalidOut)
    if any(issubclass(model, BodyModel) for model in operation.models):
        document(400, ErrorOut)
    if operation.auth_callbacks:
        document(401, ErrorOut)
        unsafe = set(operation.methods) - SAFE_METHODS
        if unsafe and any(isinstance(auth, SessionAuth) for auth in operation.auth_callbacks):
            document(403, ErrorOut)


for _prefix, _router in api._routers:
    for _path_view in _router.path_operations.values():
        for _operation in _path_view.operations:
            _document_common_answers(_operation)
