"""Accompaniment endpoints, for the team (a personal key or a session; 401 without one,
403 for anyone not of the staff): the company accompaniments and the figures of a year.
The whole team sees every accompaniment (`accompaniment/rules.py`: only changes are the
referent's), so no endpoint here takes an id."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from maillage.accompaniment import selectors
from maillage.accompaniment.models import Accompaniment, Need
from maillage.api.auth import PERSON
from maillage.api.schemas import MAX_OFFSET, ErrorOut
from maillage.core.permissions import is_staff_member

router = Router(tags=["accompaniment"])

MAX_PAGE_SIZE = 500
NeedValue = Literal[tuple(Need.values)]  # type: ignore[valid-type]
StatusValue = Literal[tuple(Accompaniment.Status.values)]  # type: ignore[valid-type]


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.auth):
        raise HttpError(403, "Company accompaniments are for the hub's staff.")


class AccompanimentQuery(Schema):
    year: Annotated[int | None, Field(ge=2000, le=2100, description="with a step that year, or open during it")] = None  # fmt: skip
    need: NeedValue | None = None
    status: StatusValue | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = 100
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class AccompanimentOut(Schema):
    id: int
    organisation: int
    company: str
    need: str
    status: str
    started_on: dt.date
    closed_on: dt.date | None
    outcome_kind: str
    referent: str | None
    partners: list[str]
    steps: int = Field(description="steps (in `year` when given)")
    hours: float = Field(description="time spent (in `year` when given)")
    last_step: dt.date | None
    is_demo: bool


class AccompanimentPage(Schema):
    items: list[AccompanimentOut]
    next_offset: int | None


@router.get(
    "/accompaniments",
    auth=PERSON,
    response={200: AccompanimentPage, 403: ErrorOut},
    summary="Company accompaniments (staff)",
    description="Newest first, by pages of `limit` from `offset`; 403 for anyone not of the "
    "hub's staff.",
)
def list_accompaniments(request: HttpRequest, filters: Query[AccompanimentQuery]):
    _staff_only(request)
    found = selectors.accompaniment_list(
        filters=selectors.AccompanimentFilters(
            year=filters.year, need=filters.need, status=filters.status
        )
    ).prefetch_related("partners")
    chunk = list(found[filters.offset : filters.offset + filters.limit + 1])
    more = len(chunk) > filters.limit
    return {
        "items": [
            {
                "id": a.pk,
                "organisation": a.organisation_id,
                "company": a.organisation.name,
                "need": a.need,
                "status": a.status,
                "started_on": a.started_on,
                "closed_on": a.closed_on,
                "outcome_kind": a.outcome_kind,
                "referent": (a.referent.full_name or a.referent.email) if a.referent else None,
                "partners": [p.name for p in a.partners.all()],
                "steps": a.step_count,
                "hours": round((a.minutes_spent or 0) / 60, 2),
                "last_step": a.last_step,
                "is_demo": a.is_demo,
            }
            for a in chunk[: filters.limit]
        ],
        "next_offset": filters.offset + filters.limit if more else None,
    }


class AccompanimentNeedOut(Schema):
    need: str
    label: str
    companies: int
    hours: float


class AccompanimentMonthOut(Schema):
    month: int
    companies: int
    steps: int
    hours: float


class AccompanimentFiguresOut(Schema):
    year: int
    companies: int = Field(description="distinct companies with at least one step in the year")
    accompaniments: int
    opened: int
    closed: int
    steps: int
    hours: float
    by_need: list[AccompanimentNeedOut]
    by_outcome: dict[str, int]
    by_month: list[AccompanimentMonthOut]


@router.get(
    "/accompaniments/figures",
    auth=PERSON,
    response={200: AccompanimentFiguresOut, 403: ErrorOut},
    summary="The year's figures of company accompaniment (staff)",
    description="The current year by default; 403 for anyone not of the hub's staff.",
)
def figures(request: HttpRequest, year: Annotated[int | None, Query(ge=2000, le=2100)] = None):
    _staff_only(request)
    found = selectors.accompaniment_figures(year=year or timezone.localdate().year)
    return {
        "year": found.year,
        "companies": found.companies,
        "accompaniments": found.accompaniments,
        "opened": found.opened,
        "closed": found.closed,
        "steps": found.steps,
        "hours": round(found.hours, 2),
        "by_need": [
            {"need": n.need, "label": n.label, "companies": n.companies, "hours": round(n.hours, 2)}
            for n in found.by_need
        ],
        "by_outcome": {value: count for value, _label, count in found.by_outcome},
        "by_month": [
            {
                "month": m.month,
                "companies": m.companies,
                "steps": m.steps,
                "hours": round(m.hours, 2),
            }
            for m in found.by_month
        ],
    }
