"""Members endpoints: the hub's member organisations (people are personal data: never
listed here) and the cooperative's figures of a year."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from maillage.members.models import College, Membership
from maillage.members.selectors import member_figures

router = Router(tags=["members"])


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
    college: str | None = None
    started_on: str | None = None
    is_demo: bool


def _invalid(field: str, allowed) -> dict[str, Any]:
    return {
        "detail": [{"field": field, "msg": f"must be one of {', '.join(allowed)}", "type": "enum"}]
    }


@router.get(
    "/members",
    response={200: list[MemberOut], 422: dict[str, Any]},
    summary="Member organisations",
)
def list_members(request: HttpRequest, filters: Query[MemberFilters]):
    if filters.type and filters.type not in Membership.Type.values:
        return Status(422, _invalid("type", Membership.Type.values))
    if filters.status and filters.status not in Membership.Status.values:
        return Status(422, _invalid("status", Membership.Status.values))
    if filters.college and not College.objects.filter(slug=filters.college).exists():
        return Status(422, _invalid("college", College.objects.values_list("slug", flat=True)))
    members = Membership.objects.filter(organisation__isnull=False).select_related(
        "organisation", "college"
    )
    if filters.type:
        members = members.filter(type=filters.type)
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.college:
        members = members.filter(college__slug=filters.college)
    return [
        {
            "id": member.pk,
            "organisation": member.organisation_id,
            "name": member.organisation.name,
            "type": member.type,
            "status": member.status,
            "college": member.college.slug if member.college else None,
            "started_on": member.started_on.isoformat() if member.started_on else None,
            "is_demo": member.is_demo,
        }
        for member in members.order_by("organisation__name")[:1000]
    ]


@router.get("/members/figures", summary="The cooperative's figures of a year")
def figures(
    request: HttpRequest,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> dict[str, Any]:
    found = member_figures(year=year or timezone.localdate().year)
    return {
        "year": found.year,
        "societaires": found.societaires,
        "colleges": [
            {"name": c.name, "weight": float(c.weight), "count": c.count} for c in found.colleges
        ],
        "capital": float(found.capital),
        "dues_collected": float(found.dues_collected),
        "dues_outstanding": float(found.dues_outstanding),
        "volunteer_hours": float(found.volunteer_hours),
        "volunteer_value": float(found.volunteer_value),
        "funding_mix": found.funding_mix,
        "funding_amounts": {k: float(v) for k, v in found.funding_amounts.items()},
    }
