"""The JSON API under /api/v1/, one router per domain, OpenAPI at /api/v1/openapi.json."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

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

api = NinjaAPI(
    title="Maillage API",
    version="1",
    description=(
        "Public data of a territorial digital cooperation hub: the territory of France, and "
        "the directory of places of digital mediation and organisations. Lists of places and "
        "organisations are paginated by cursor (`next_cursor` → `cursor`). Errors are JSON "
        'bodies `{"detail": ...}`; a 422 lists each problem with its `field` and the rule '
        "broken (`msg`)."
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
