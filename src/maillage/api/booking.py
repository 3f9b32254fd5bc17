"""Booking endpoints: resources, their free slots, making and cancelling bookings.

A booking is made by whoever calls (the person of a personal key, or of the session with its
CSRF token; else a guest giving a name and an e-mail or phone). It is cancelled by its owner
(its account, or whoever presents its secret token) or by those who run its resource — the
rule of the staff's bookings page (`can(person, "change", booking)`). Its secret links
(`cancel_url`, `ics_url`) go to its owner only. Refusals say which rule: 409 when the slot was
taken meanwhile, 422 for any other rule, each with `rule` and `field`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import acting_person
from maillage.api.refusals import unprocessable
from maillage.api.schemas import (
    MAX_ID,
    MAX_YEAR,
    MIN_YEAR,
    ErrorOut,
    IdField,
    Moment,
    PathId,
    RefusalOut,
)
from maillage.booking import selectors, services
from maillage.booking.models import Booking, Resource
from maillage.core.permissions import can

router = Router(tags=["booking"])

MAX_RANGE = dt.timedelta(days=62)
ResourceKind = Literal[tuple(Resource.Kind.values)]


class ResourceOut(Schema):
    id: int
    name: str
    kind: str
    place: int = Field(..., alias="place_id")
    place_nom: str = Field(..., alias="place.nom")
    capacity: int
    opening_hours: str = Field(..., alias="hours", description="OSM syntax; the place's if empty")
    min_minutes: int
    max_minutes: int
    step_minutes: int
    audience: str
    training_required: bool
    price_member: float
    price_public: float
    is_visio: bool
    is_demo: bool


class ResourceFilters(Schema):
    place: int | None = Field(None, ge=1, le=MAX_ID, description="id of a place")
    kind: ResourceKind | None = Field(None, description="the kind of resource")


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    free: int = Field(description="capacity left over the whole slot")


class AvailabilityOut(Schema):
    resource: int
    slots: list[SlotOut]


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise unprocessable(name, "must carry its time zone, e.g. 2026-11-24T09:00:00+01:00")
    if not MIN_YEAR < value.year < MAX_YEAR:  # and no time zone takes it past either year
        raise unprocessable(name, f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


@router.get("/resources", response=list[ResourceOut], summary="Bookable resources")
def list_resources(request: HttpRequest, filters: Query[ResourceFilters]):
    resources = Resource.objects.filter(is_active=True).select_related("place")
    if filters.place:
        resources = resources.filter(place_id=filters.place)
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    return list(resources[:500])


@router.get(
    "/resources/{resource_id}/availability",
    response={200: AvailabilityOut, 404: ErrorOut, 422: RefusalOut},
    summary="Free slots of a resource",
    description="Slots of the resource's minimum duration (or `duration` minutes) between "
    "`from` and `to` (at most 62 days apart), each with the capacity left.",
)
def availability(
    request: HttpRequest,
    resource_id: PathId,
    start: Annotated[Moment, Query(alias="from")],
    end: Annotated[Moment, Query(alias="to")],
    duration: Annotated[int | None, Query(ge=5, le=24 * 60)] = None,
):
    resource = selectors.resource_get(pk=resource_id)
    if resource is None or not resource.is_active:
        raise HttpError(404, f"No bookable resource has the id {resource_id}.")
    start, end = _aware(start, "from"), _aware(end, "to")
    if end <= start:
        raise unprocessable("to", "must be after `from`")
    if end - start > MAX_RANGE:
        raise unprocessable("to", "at most 62 days after `from`")
    slots = selectors.resource_slots(
        resource=resource, start=start, end=end, now=timezone.now(), duration_minutes=duration
    )
    return {
        "resource": resource.pk,
        "slots": [
            {"start": slot.interval.start, "end": slot.interval.end, "free": slot.free}
            for slot in slots
        ],
    }


class BookingIn(Schema):
    resource: IdField
    start: Moment
    end: Moment
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    guest_name: Annotated[str, Field(max_length=150)] = ""
    guest_email: Annotated[str, Field(max_length=254)] = ""
    guest_phone: Annotated[str, Field(max_length=30)] = ""
    reason: Annotated[str, Field(max_length=300)] = ""


class BookingOut(Schema):
    id: int
    resource: int = Field(..., alias="resource_id")
    start: dt.datetime
    end: dt.datetime
    quantity: int
    state: str
    video_url: str
    cancel_url: str | None = Field(
        description="the booking's secret page (see, cancel): given to its owner only — its "
        "account, or whoever made it or presented its token; null for the staff acting on "
        "somebody else's booking"
    )
    ics_url: str | None = Field(
        description="the booking's `.ics`, with the same secret token; null as `cancel_url`"
    )


def _booking_out(request: HttpRequest, booking: Booking, *, owner: bool) -> dict[str, Any]:
    """The booking as answered; its secret links only when the caller is its `owner`."""

    def secret_link(name: str) -> str | None:
        return request.build_absolute_uri(reverse(name, args=[booking.token])) if owner else None

    return {
        "id": booking.pk,
        "resource_id": booking.resource_id,
        "start": booking.start,
        "end": booking.end,
        "quantity": booking.quantity,
        "state": booking.state,
        "video_url": booking.video_url,
        "cancel_url": secret_link("web:booking"),
        "ics_url": secret_link("web:booking-ics"),
    }


def _refusal(refused: services.BookingRefused) -> dict[str, Any]:
    return {"detail": str(refused), "rule": refused.rule, "field": refused.field}


@router.post(
    "/bookings",
    response={201: BookingOut, 401: ErrorOut, 404: ErrorOut, 409: RefusalOut, 422: RefusalOut},
    summary="Book a resource",
    description="Booked for the person calling (a personal key, or the session with its "
    "`X-CSRFToken` header), else for the guest named. 201 with the booking (its `cancel_url` "
    "and `ics_url` carry a secret token: give them only to the person who booked); 409 when "
    "the slot is taken; 422 naming the rule and the field otherwise; 401 for a personal key "
    "that is unknown or revoked.",
)
def create_booking(request: HttpRequest, data: BookingIn):
    resource = selectors.resource_get(pk=data.resource)
    if resource is None:
        raise HttpError(404, f"No resource has the id {data.resource}.")
    user = acting_person(request)
    try:
        booking = services.booking_create(
            resource=resource,
            start=_aware(data.start, "start"),
            end=_aware(data.end, "end"),
            quantity=data.quantity,
            user=user,
            guest_name=data.guest_name,
            guest_email=data.guest_email,
            guest_phone=data.guest_phone,
            reason=data.reason,
        )
    except services.BookingRefused as refused:
        return Status(refused.status, _refusal(refused))
    return Status(201, _booking_out(request, booking, owner=True))


class BookingCancelIn(Schema):
    token: Annotated[str, Field(max_length=64)] = Field(
        "", description="the booking's token (from its cancel_url); not needed by its account"
    )


def _holds_token(booking: Booking, token: str) -> bool:
    return bool(token) and secrets.compare_digest(token.encode(), booking.token.encode())


@router.post(
    "/bookings/{booking_id}/cancel",
    response={
        200: BookingOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: RefusalOut,
        422: RefusalOut,
    },
    summary="Cancel a booking",
    description="By the booking's owner — its account, or whoever gives its `token` — until "
    "the resource's cancellation deadline; by those who run its resource (its place's "
    "managers, the mediator hosting the appointment, the coordination) until it ends. The "
    "answer carries `cancel_url` and `ics_url` for the owner only (null otherwise). 403 for "
    "anybody else; 409 when already cancelled; 401 for a personal key that is unknown or revoked.",
)
def cancel_booking(request: HttpRequest, booking_id: PathId, data: BookingCancelIn):
    booking = Booking.objects.select_related("resource").filter(pk=booking_id).first()
    if booking is None:
        raise HttpError(404, f"No booking has the id {booking_id}.")
    person = acting_person(request)
    owner = _holds_token(booking, data.token) or (
        person is not None and booking.user_id == person.pk
    )
    runs_it = person is not None and can(person, "change", booking)
    if not (owner or runs_it):
        raise HttpError(
            403,
            "Only the person who booked (with its token), or those who run the resource, "
            "may cancel.",
        )
    try:
        booking = services.booking_cancel(booking=booking, actor=person, by_staff=runs_it)
    except services.BookingRefused as refused:
        status = 409 if refused.rule == "already_cancelled" else refused.status
        return Status(status, _refusal(refused))
    return Status(200, _booking_out(request, booking, owner=owner))
