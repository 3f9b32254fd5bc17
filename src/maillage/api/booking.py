"""Booking endpoints: resources, their free slots, making and cancelling bookings.

A booking is made by whoever calls (a signed-in account, else a guest giving a name and an
e-mail or phone). Refusals say which rule: 409 when the slot was taken meanwhile, 422 for
any other rule, each with `rule` and `field`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.schemas import ErrorOut
from maillage.booking import selectors, services
from maillage.booking.models import Booking, Resource
from maillage.core.permissions import is_staff_member

router = Router(tags=["booking"])

MAX_RANGE = dt.timedelta(days=62)


class RefusalOut(Schema):
    detail: str
    rule: str = Field(description="the rule that refused: slot_taken, closed, too_long…")
    field: str | None


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
    place: int | None = Field(None, description="id of a place")
    kind: Annotated[str | None, Field(description=", ".join(Resource.Kind.values))] = None


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    free: int = Field(description="capacity left over the whole slot")


class AvailabilityOut(Schema):
    resource: int
    slots: list[SlotOut]


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise _unprocessable(name, "must carry its time zone, e.g. 2026-11-24T09:00:00+01:00")
    return value


def _unprocessable(field: str, message: str, rule: str = "invalid") -> HttpError:
    error = HttpError(422, message)
    error.field, error.rule = field, rule  # read by the handler below
    return error


@router.get("/resources", response=list[ResourceOut], summary="Bookable resources")
def list_resources(request: HttpRequest, filters: Query[ResourceFilters]):
    if filters.kind and filters.kind not in Resource.Kind.values:
        raise _unprocessable("kind", f"must be one of {', '.join(Resource.Kind.values)}")
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
    resource_id: int,
    start: Annotated[dt.datetime, Query(alias="from")],
    end: Annotated[dt.datetime, Query(alias="to")],
    duration: Annotated[int | None, Query(ge=5, le=24 * 60)] = None,
):
    resource = selectors.resource_get(pk=resource_id)
    if resource is None or not resource.is_active:
        raise HttpError(404, f"No bookable resource has the id {resource_id}.")
    start, end = _aware(start, "from"), _aware(end, "to")
    if end <= start:
        raise _unprocessable("to", "must be after `from`")
    if end - start > MAX_RANGE:
        raise _unprocessable("to", "at most 62 days after `from`")
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
    resource: int
    start: dt.datetime
    end: dt.datetime
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
    cancel_url: str
    ics_url: str


def _booking_out(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "resource_id": booking.resource_id,
        "start": booking.start,
        "end": booking.end,
        "quantity": booking.quantity,
        "state": booking.state,
        "video_url": booking.video_url,
        "cancel_url": request.build_absolute_uri(reverse("web:booking", args=[booking.token])),
        "ics_url": request.build_absolute_uri(reverse("web:booking-ics", args=[booking.token])),
    }


def _refusal(refused: services.BookingRefused) -> dict[str, Any]:
    return {"detail": str(refused), "rule": refused.rule, "field": refused.field}


@router.post(
    "/bookings",
    response={201: BookingOut, 404: ErrorOut, 409: RefusalOut, 422: RefusalOut},
    summary="Book a resource",
    description="201 with the booking (its `cancel_url` and `ics_url` carry a secret token: "
    "give them only to the person who booked); 409 when the slot is taken; 422 naming the "
    "rule and the field otherwise.",
)
def create_booking(request: HttpRequest, data: BookingIn):
    resource = selectors.resource_get(pk=data.resource)
    if resource is None:
        raise HttpError(404, f"No resource has the id {data.resource}.")
    user = request.user if request.user.is_authenticated else None
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
    return Status(201, _booking_out(request, booking))


class CancelIn(Schema):
    token: Annotated[str, Field(max_length=64)] = Field(
        "", description="the booking's token (from its cancel_url); not needed by its account"
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: RefusalOut, 422: RefusalOut},
    summary="Cancel a booking",
)
def cancel_booking(request: HttpRequest, booking_id: int, data: CancelIn):
    booking = Booking.objects.select_related("resource").filter(pk=booking_id).first()
    if booking is None:
        raise HttpError(404, f"No booking has the id {booking_id}.")
    user = request.user if request.user.is_authenticated else None
    staff = user is not None and is_staff_member(user)
    owner = user is not None and booking.user_id == user.pk
    if not (staff or owner or (data.token and data.token == booking.token)):
        raise HttpError(403, "Only the person who booked (with its token) or the staff may cancel.")
    try:
        booking = services.booking_cancel(booking=booking, actor=user, by_staff=staff)
    except services.BookingRefused as refused:
        status = 409 if refused.rule == "already_cancelled" else refused.status
        return Status(status, _refusal(refused))
    return Status(200, _booking_out(request, booking))
