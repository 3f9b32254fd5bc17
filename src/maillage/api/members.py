"""Members endpoints: the hub's member organisations (people are personal data: never
listed here) and the cooperative's figures of a year."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from maillage.api.auth import caller
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
An unknown value is a 422 whose `detail[0].field` names the filter (`type`, `college`,
`status`) and whose `msg` lists the accepted values."""

FIGURES_DESCRIPTION = """The cooperative's figures of `year` (default: this year):
active sociétaires and their colleges (voting weight %, count), active memberships by type
(`by_type`), memberships by status (`by_status`), memberships started in the year
(`new_members`), the capital (`share_value`, `capital_subscribed`, `capital` = released, in €),
the year's dues (`dues_called`, `dues_collected`, `dues_outstanding`, €), volunteer hours and
their value (`volunteer_hours`, `volunteer_hour_value`, `volunteer_value`, €), and the funding
mix: `funding_amounts` per category (€; `own_dues` and `own_volunteering` come from the data)
and `funding_mix`, the own/public/private shares in %, one decimal, summing to exactly 100
when the year has any resource (empty otherwise). Aggregates only: open to everybody."""


class MemberFilters(Schema):
    type: Annotated[str | None, Field(description=", ".join(Membership.Type.values))] = None
    college: Annotated[str | None, Field(max_length=40, description="code of a college")] = None
    status: Annotated[str | None, Field(description=", ".join(Membership.Status.values))] = None


class MemberOut(Schema):
    id: int
    organisation: int
    name: str
    type: str
    status: str
    college: str | None = Field(None, description="code of the college (sociétaires)")
    college_name: str | None = None
    started_on: str | None = None
    ended_on: str | None = None
    listed_publicly: bool
    is_demo: bool


def _invalid(field: str, allowed) -> dict[str, Any]:
    return {
        "detail": [
            {
                "field": field,
                "msg": f"must be one of {', '.join(allowed) or '(none defined)'}",
                "type": "enum",
            }
        ]
    }


@router.get(
    "/members",
    response={200: list[MemberOut], 422: dict[str, Any]},
    summary="Member organisations",
    description=LIST_DESCRIPTION,
)
def list_members(request: HttpRequest, filters: Query[MemberFilters]):
    if filters.type and filters.type not in Membership.Type.values:
        return Status(422, _invalid("type", Membership.Type.values))
    if filters.status and filters.status not in Membership.Status.values:
        return Status(422, _invalid("status", Membership.Status.values))
    college = selectors.college_get(code=filters.college) if filters.college else None
    if filters.college and college is None:
        return Status(
            422, _invalid("college", list(selectors.colleges().values_list("slug", flat=True)))
        )
    members = selectors.member_list(
        everyone=runs_the_hub(caller(request)),
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
