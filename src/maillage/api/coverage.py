"""Coverage endpoint: how far each commune of an area is from digital help, and where to
open new places. A study of a département or a region answers in well under a second; all
of France in a few seconds."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.coverage.formats import WRITERS, study_as_dict
from maillage.coverage.models import CoverageRun
from maillage.coverage.services import coverage_run_create
from maillage.coverage.solver import RADIUS_MAX_KM, CoverageInputError
from maillage.coverage.study import MAX_NEW_SITES, CoverageRequest, coverage_study
from maillage.coverage.tasks import run_coverage_study

router = Router(tags=["coverage"])


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


class CoverageParams(Schema):
    departements: Annotated[str, Field(max_length=200, description="codes, e.g. 04,05,84")] = ""
    region: Annotated[str | None, Field(max_length=3, description="région code, e.g. 93")] = None
    france: bool = False
    kinds: Annotated[str, Field(max_length=300, description="hub kinds, comma-separated")] = ""
    services: Annotated[str, Field(max_length=600, description="services, comma-separated")] = ""
    labels: Annotated[str, Field(max_length=600, description="labels, comma-separated")] = ""
    radius_km: Annotated[float, Field(gt=0, le=RADIUS_MAX_KM)]
    new_sites: Annotated[int, Field(ge=0, le=MAX_NEW_SITES, description="k new sites")] = 0
    cover_all: bool = False
    candidates: Literal["town-halls", "places"] = "town-halls"
    exact: bool = False
    format: Literal["json", "csv", "geojson"] = "json"


@router.get(
    "/coverage",
    response={200: dict[str, Any], 422: dict[str, Any]},
    summary="Coverage of an area by places, and where to open new ones",
    description="Distance from every inhabited commune (at its town hall) to the nearest "
    "place of the chosen kinds, services or labels; population within `radius_km`; white "
    "zones; with `new_sites` = k the maximal-covering sites, with `cover_all` the fewest "
    "sites covering everybody reachable, each with an optimality bound (`upper_bound` or "
    "`lower_bound`, `gap_pct`). `format=csv|geojson` for downloads.",
)
def coverage(request: HttpRequest, params: Query[CoverageParams]):
    study_request = CoverageRequest(
        radius_km=params.radius_km,
        departements=_codes(params.departements),
        region=params.region,
        france=params.france,
        kinds=_codes(params.kinds),
        services=_codes(params.services),
        labels=_codes(params.labels),
        new_sites=params.new_sites,
        cover_all=params.cover_all,
        candidates=params.candidates,
        exact=params.exact,
    )
    try:
        study = coverage_study(study_request)
    except CoverageInputError as error:
        failure = HttpError(422, error.rule)
        failure.field, failure.rule = error.parameter, "invalid"
        raise failure from None
    if params.format == "json":
        return study_as_dict(study)
    content_type = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}[
        params.format
    ]
    response = HttpResponse(WRITERS[params.format](study), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="couverture.{params.format}"'
    return response


class RunIn(Schema):
    departements: Annotated[str, Field(max_length=200)] = ""
    region: Annotated[str | None, Field(max_length=3)] = None
    france: bool = False
    kinds: Annotated[str, Field(max_length=300)] = ""
    services: Annotated[str, Field(max_length=600)] = ""
    labels: Annotated[str, Field(max_length=600)] = ""
    radius_km: Annotated[float, Field(gt=0, le=RADIUS_MAX_KM)]
    new_sites: Annotated[int, Field(ge=0, le=MAX_NEW_SITES)] = 0
    cover_all: bool = False
    candidates: Literal["town-halls", "places"] = "town-halls"
    exact: bool = False


class RunOut(Schema):
    id: uuid.UUID
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="per cent done")
    step: str
    error: str = Field(description="why it failed, when it did")
    error_field: str = Field(description="the parameter at fault, when it failed on one")
    status_url: str
    result: dict[str, Any] | None = Field(description="the study (as GET /coverage), once done")


def _run_out(request: HttpRequest, run: CoverageRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "progress": run.progress,
        "step": run.step,
        "error": run.error,
        "error_field": run.error_field,
        "status_url": request.build_absolute_uri(f"/api/v1/coverage/runs/{run.pk}"),
        "result": run.result,
    }


@router.post(
    "/coverage/runs",
    response={202: RunOut, 422: dict[str, Any]},
    summary="Start a coverage study as a task",
    description="For long studies (all of France): the study runs as a task of Django's tasks "
    "framework; follow it at `status_url` (status, progress in per cent, then the result). "
    "With the default immediate backend it is done when this answers.",
)
def start_run(request: HttpRequest, data: RunIn):
    params = {
        "radius_km": data.radius_km,
        "departements": list(_codes(data.departements)),
        "region": data.region,
        "france": data.france,
        "kinds": list(_codes(data.kinds)),
        "services": list(_codes(data.services)),
        "labels": list(_codes(data.labels)),
        "new_sites": data.new_sites,
        "cover_all": data.cover_all,
        "candidates": data.candidates,
        "exact": data.exact,
    }
    run = coverage_run_create(params=params)
    run_coverage_study.enqueue(run_id=str(run.pk), params=params)
    run.refresh_from_db()
    return Status(202, _run_out(request, run))


@router.get(
    "/coverage/runs/{run_id}",
    response={200: RunOut, 404: dict[str, Any]},
    summary="How far a coverage study is, and its result",
)
def get_run(request: HttpRequest, run_id: uuid.UUID):
    run = CoverageRun.objects.filter(pk=run_id).first()
    if run is None:
        raise HttpError(404, f"No coverage study has the id {run_id}.")
    return _run_out(request, run)
