"""Members endpoints: the hub's member organisations (people are personal data: never
listed here) and the cooperative's figures of a year."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from maillage.api.auth import acting_person
from maillage.api.schemas import ErrorOut
from maillage.core.permissions import runs_the_hub
from maillage.members import selectors
from maillage.members.models import Membership

router = Router(tags=["members"])

LIST_DESCRIPTION = """Member organisations of the hub, by name (at most 1,000).

Visitors, members and the staff see the **public directory**: active members who chose to
appear in it (`listed_publicly`). Coordinators and administrators (a session or a personal
key, `Authorization: Bearer mlg_…`) see every membership, whatever its status or choice.
People who are members in their own name are personal data and never listed.

Filters: `type` (societaire, association, federated, partner), `college` (the code of a
college of the SCIC, e.g. `collectivites`) and `status` (applicant, active, lapsed, left).
A `type` or `status` outside its list is a 422 whose `detail[0].field` names the filter and
whose `msg` lists the accepted values. The colleges are the hub's own (see
`/members/figures`): a code of no college is a 404 whose `detail` lists them, as an unknown
territory code is on `/places`."""

FIGURES_DESCRIPTION = """The cooperative's figures of `year` (default: this year):
active sociétaires and their colleges (voting weight %, count), active memberships by type
(`by_type`), memberships by status (`by_status`), memberships started in the year
(`new_members`), the capital (`share_value`, `capital_subscribed`, `capital` = released, in €),
the year's dues (`dues_called`, `dues_collected`, `dues_outstanding`, €), volunteer hours and
their value (`volunteer_hours`, `volunteer_hour_value`, `volunteer_value`, €), and the funding
mix: `funding_amounts` per category (€; `own_dues` and `own_volunteering` come from the data)
and `funding_mix`, the own/public/private shares in %, one decimal, summing to exactly 100
when the year has any resource (empty otherwise). Aggregates only: open to everybody."""


MembershipType = Literal[tuple(Membership.Type.values)]  # type: ignore[valid-type]
MembershipStatus = Literal[tuple(Membership.Status.values)]  # type: ignore[valid-type]


class MemberFilters(Schema):
    type: Annotated[MembershipType | None, Field(description="type of membership")] = None
    college: Annotated[
        str | None,
        Field(
            max_length=40,
            pattern=r"^[-a-zA-Z0-9_]+$",
            description="code of a college of the SCIC (the hub's own list)",
        ),
    ] = None
    status: Annotated[MembershipStatus | None, Field(description="status of membership")] = None


class MemberOut(Schema):
    id: int
    organisation: int
    name: str
    type: MembershipType
    status: MembershipStatus
    college: str | None = Field(None, description="code of the college (sociétaires)")
    college_name: str | None = None
    started_on: str | None = None
    ended_on: str | None = None
    listed_publicly: bool
    is_demo: bool


@router.get(
    "/members",
    response={200: list[MemberOut], 404: ErrorOut},
    summary="Member organisations",
    description=LIST_DESCRIPTION,
)
def list_members(request: HttpRequest, filters: Query[MemberFilters]):
    college = selectors.college_get(code=filters.college) if filters.college else None
    if filters.college and college is None:
        codes = ", ".join(selectors.colleges().values_list("slug", flat=True)) or "none"
        raise HttpError(404, f"Unknown college {filters.college!r}; the colleges: {codes}.")
    members = selectors.member_list(
        everyone=runs_the_hub(acting_person(request)),
        type=filters.type,
        college=college,
        status=filters.status,
    ).filter(organisation__isnull=False)
    return [
        {
            "id": member.pk,
            "organisation": member.organisation_id,
            "name": member.organisation.name,
            "type": member.type,
            "status": member.status,
            "college": member.college.slug if member.college else None,
            "college_name": member.college.name if member.college else None,
            "started_on": member.started_on.isoformat() if member.started_on else None,
            "ended_on": member.ended_on.isoformat() if member.ended_on else None,
            "listed_publicly": member.listed_publicly,
            "is_demo": member.is_demo,
        }
        for member in members[:1000]
    ]


@router.get(
    "/members/figures",
    summary="The cooperative's figures of a year",
    description=FIGURES_DESCRIPTION,
)
def figures(
    request: HttpRequest,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> dict[str, Any]:
    found = selectors.member_figures(year=year or timezone.localdate().year)
    return {
        "year": found.year,
        "societaires": found.societaires,
        "colleges": [
            {"code": c.code, "name": c.name, "weight": float(c.weight), "count": c.count}
            for c in found.colleges
        ],
        "by_type": found.by_type,
        "by_status": found.by_status,
        "new_members": found.new_members,
        "share_value": float(found.share_value),
        "capital_subscribed": float(found.capital_subscribed),
        "capital": float(found.capital),
        "dues_called": float(found.dues_called),
        "dues_collected": float(found.dues_collected),
        "dues_outstanding": float(found.dues_outstanding),
        "volunteer_hours": float(found.volunteer_hours),
        "volunteer_hour_value": float(found.volunteer_hour_value),
        "volunteer_value": float(found.volunteer_value),
        "funding_mix": found.funding_mix,
        "funding_amounts": {k: float(v) for k, v in found.funding_amounts.items()},
    }
