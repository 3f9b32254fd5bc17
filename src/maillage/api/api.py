"""The JSON API under /api/v1/, one router per domain, OpenAPI at /api/v1/openapi.json."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from maillage.api import directory, territory

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


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError):
    """422 with, for each problem, the field (`loc`, `field`) and the rule broken (`msg`)."""
    details = [
        {**error, "field": ".".join(str(part) for part in error.get("loc", [])[1:]) or None}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
