"""Coverage endpoints: how far each commune of an area is from digital help, and where to
open new places.

`GET /coverage` is open to anybody and bounded so that no call computes for long
(`coverage.limits.PUBLIC`); larger studies (all of France with new sites, up to 2,000 sites,
the exact solve on a région) are runs that the hub's staff start as tasks
(`POST /coverage/runs`, `coverage.limits.RUN`) and follow (`GET /coverage/runs/{id}`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import PERSON
from maillage.api.refusals import unprocessable
from maillage.api.schemas import ErrorOut, RefusalOut
from maillage.core.permissions import is_staff_member
from maillage.coverage.formats import WRITERS, study_as_dict
from maillage.coverage.limits import PUBLIC, RUN, CoverageLimits
from maillage.coverage.models import CoverageRun
from maillage.coverage.selectors import coverage_run_get
from maillage.coverage.services import (
    KEEP_RUNS,
    REUSE_WINDOW,
    RUNS_IN_FLIGHT_MAX,
    CoverageRunRefused,
    coverage_run_start,
)
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_check, coverage_study
from maillage.coverage.tasks import run_coverage_study

router = Router(tags=["coverage"])


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _limits_text(limits: CoverageLimits) -> str:
    sites_area = (
        "any area"
        if limits.max_communes_for_sites is None
        else f"areas of at most {limits.max_communes_for_sites:,} inhabited communes (any "
        "région; not all of France)"
    )
    return (
        f"Bounds: `new_sites` ≤ {limits.max_new_sites}, `radius_km` ≤ "
        f"{limits.max_radius_km:g}, at most {limits.max_departements} `departements`; new "
        f"sites (`new_sites` or `cover_all`) on {sites_area}; `exact` only when candidate "
        f"sites × demand points ≤ {limits.exact_max_size:,}. The search for sites stops "
        f"{limits.time_limit_s:g} s after the study began, with the best sites found: the "
        'study\'s `status` is then "time_limit" (its bound stays valid). A parameter out of '
        "bounds is a 422 naming it (`field`) with the rule (`detail`)."
    )


def _invalid(error: CoverageInputError) -> HttpError:
    return unprocessable(error.parameter, error.rule)


def _study_request(values: CoverageParams | CoverageRunIn) -> CoverageRequest:
    """The study asked by a public call's query or a run's body (the same fields)."""
    return CoverageRequest(
        radius_km=values.radius_km,
        departements=_codes(values.departements),
        region=values.region,
        france=values.france,
        kinds=_codes(values.kinds),
        services=_codes(values.services),
        labels=_codes(values.labels),
        new_sites=values.new_sites,
        cover_all=values.cover_all,
        candidates=values.candidates,
        exact=values.exact,
    )


class CoverageParams(Schema):
    departements: Annotated[str, Field(max_length=200, description=f"codes, e.g. 04,05,84 (at most {PUBLIC.max_departements})")] = ""  # fmt: skip
    region: Annotated[str | None, Field(max_length=3, description="région code, e.g. 93")] = None
    france: bool = False
    kinds: Annotated[str, Field(max_length=300, description="hub kinds, comma-separated")] = ""
    services: Annotated[str, Field(max_length=600, description="services, comma-separated")] = ""
    labels: Annotated[str, Field(max_length=600, description="labels, comma-separated")] = ""
    radius_km: Annotated[float, Field(gt=0, le=PUBLIC.max_radius_km)]
    new_sites: Annotated[int, Field(ge=0, le=PUBLIC.max_new_sites, description="k new sites")] = 0
    cover_all: bool = False
    candidates: Literal["town-halls", "places"] = "town-halls"
    exact: Annotated[bool, Field(description=f"the MILP (HiGHS), when candidate sites × demand points ≤ {PUBLIC.exact_max_size:,}")] = False  # fmt: skip
    format: Literal["json", "csv", "geojson"] = "json"


@router.get(
    "/coverage",
    response={200: dict[str, Any], 422: dict[str, Any]},
    summary="Coverage of an area by places, and where to open new ones",
    description="Open to anybody. Distance from every inhabited commune (at its town hall) "
    "to the nearest place of the chosen kinds, services or labels; population within "
    "`radius_km`; white zones; with `new_sites` = k the maximal-covering sites, with "
    "`cover_all` the fewest sites covering everybody reachable, each with an optimality "
    "bound (`upper_bound` or `lower_bound`, `gap_pct`). `format=csv|geojson` for downloads. "
    + _limits_text(PUBLIC)
    + " Larger studies are runs of the hub's staff (`POST /coverage/runs`).",
)
def coverage(request: HttpRequest, params: Query[CoverageParams]):
    study_request = _study_request(params)
    try:
        study = coverage_study(study_request, limits=PUBLIC)
    except CoverageInputError as error:
        raise _invalid(error) from None
    if params.format == "json":
        return study_as_dict(study)
    content_type = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}[
        params.format
    ]
    response = HttpResponse(WRITERS[params.format](study), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="couverture.{params.format}"'
    return response


class CoverageRunIn(Schema):
    departements: Annotated[str, Field(max_length=200, description=f"codes, e.g. 04,05,84 (at most {RUN.max_departements})")] = ""  # fmt: skip
    region: Annotated[str | None, Field(max_length=3)] = None
    france: bool = False
    kinds: Annotated[str, Field(max_length=300)] = ""
    services: Annotated[str, Field(max_length=600)] = ""
    labels: Annotated[str, Field(max_length=600)] = ""
    radius_km: Annotated[float, Field(gt=0, le=RUN.max_radius_km)]
    new_sites: Annotated[int, Field(ge=0, le=RUN.max_new_sites)] = 0
    cover_all: bool = False
    candidates: Literal["town-halls", "places"] = "town-halls"
    exact: Annotated[bool, Field(description=f"the MILP (HiGHS), when candidate sites × demand points ≤ {RUN.exact_max_size:,}")] = False  # fmt: skip


class CoverageRunOut(Schema):
    id: uuid.UUID
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="per cent done")
    step: str
    parameters: dict[str, Any] = Field(description="the study's parameters, normalised")
    created_at: dt.datetime
    finished_at: dt.datetime | None
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
        "parameters": run.params,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "error": run.error,
        "error_field": run.error_field,
        "status_url": request.build_absolute_uri(f"/api/v1/coverage/runs/{run.pk}"),
        "result": run.result,
    }


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.auth):
        raise HttpError(
            403,
            "Coverage runs are for the hub's staff (mediators, place managers, coordination); "
            "GET /coverage is open to everybody.",
        )


@router.post(
    "/coverage/runs",
    auth=PERSON,
    response={
        200: CoverageRunOut,
        202: CoverageRunOut,
        401: ErrorOut,
        403: ErrorOut,
        422: dict[str, Any],
        429: RefusalOut,
    },
    summary="Start a coverage study as a task (staff)",
    description="For the hub's staff (a personal key, or the session with the CSRF token; "
    "401 for anonymous callers, 403 for members). For long studies (all of France with "
    "new sites): the study runs as a task of Django's tasks framework, in a worker when the "
    "deployment has a queue backend — this answers 202 at once with the run `queued` — and "
    "inside this request with the default immediate backend (then it is done when this "
    "answers). Follow it at `status_url`. The parameters are checked first (422 naming the "
    "`field`, no run made). An identical study (the same parameters once normalised: codes "
    "sorted…) queued, running or done within the last "
    f"{REUSE_WINDOW / dt.timedelta(hours=1):g} hours is not computed again: this answers "
    f"200 with that run. At most {RUNS_IN_FLIGHT_MAX} runs are queued or running at once "
    "(429 beyond). "
    + _limits_text(RUN)
    + f" Runs finished more than {KEEP_RUNS.days} days ago are deleted "
    "(`maillage purge-coverage-runs`).",
)
def start_run(request: HttpRequest, data: CoverageRunIn):
    _staff_only(request)
    study_request = _study_request(data).normalised()
    try:
        coverage_check(study_request, limits=RUN)
        run, created = coverage_run_start(request=study_request, actor=request.auth)
    except CoverageInputError as error:
        raise _invalid(error) from None
    except CoverageRunRefused as refused:
        return Status(
            refused.status,
            {
                "detail": "Too many coverage runs are queued or running; retry in a few minutes.",
                "rule": refused.rule,
                "field": None,
            },
        )
    if not created:
        return Status(200, _run_out(request, run))
    run_coverage_study.enqueue(run_id=str(run.pk), params=run.params)
    run.refresh_from_db()
    return Status(202, _run_out(request, run))


@router.get(
    "/coverage/runs/{run_id}",
    auth=PERSON,
    response={200: CoverageRunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="How far a coverage study is, and its result (staff)",
    description="For the hub's staff: any staff member may read any run (a run holds a "
    "study of public data and no personal data; it belongs to the team that asked it, not "
    "to one person). 401 for anonymous callers, 403 for members.",
)
def get_run(request: HttpRequest, run_id: uuid.UUID):
    _staff_only(request)
    run = coverage_run_get(run_id=run_id)
    if run is None:
        raise HttpError(404, f"No coverage study has the id {run_id}.")
    return _run_out(request, run)
